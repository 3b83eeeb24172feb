# Chorus container image: a multi-stage build, so the runtime image carries a JRE, the jar and its runtime
# dependencies only (no Maven, no sources, no build cache).
#
#   docker build -t chorus .
#   docker compose up            # with the official Kafka image; see docker-compose.yml

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The wrapper and the POM first, so the dependency download is a cached layer that only a POM change invalidates.
COPY mvnw pom.xml ./
COPY .mvn .mvn
# (a cache warmer only: go-offline cannot resolve every plugin the build needs, so its failure is not fatal)
RUN chmod +x mvnw && (./mvnw -B -q dependency:go-offline || true)
COPY topics topics
COPY config config
COPY src src
# package also copies the runtime dependencies to target/lib (maven-dependency-plugin in pom.xml).
RUN ./mvnw -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system chorus && useradd --system --gid chorus --home-dir /app chorus \
    && mkdir -p /app /var/lib/chorus && chown chorus:chorus /var/lib/chorus
WORKDIR /app
COPY --from=build /src/target/chorus.jar /app/chorus.jar
COPY --from=build /src/target/lib /app/lib
COPY --from=build /src/config /app/config
USER chorus
# RocksDB state outside the OS temp dir, so it survives in a volume; the HTTP API and dashboard on 8080.
VOLUME /var/lib/chorus
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/chorus.jar:/app/lib/*", "io.chorus.cli.ChorusCli"]
CMD ["run", "--bootstrap", "kafka:9092", "--set", "state.dir=/var/lib/chorus/state", "--set", "http.enabled=true", "--set", "http.bind=0.0.0.0", "--set", "http.port=8080"]
