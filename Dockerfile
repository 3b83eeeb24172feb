# Chorus container image: a multi-stage build, so the runtime image carries a JRE, the jar and its runtime
# dependencies only (no Maven, no sources, no build cache).
#
#   docker build -t chorus .
#   docker compose up            # with the official Kafka image; see docker-compose.yml
#   docker run -p 127.0.0.1:8080:8080 -e CHORUS_HTTP_TOKEN="$(openssl rand -hex 16)" chorus run --bootstrap <broker>:9092 ...
#
# Publish the port on 127.0.0.1 as above (EXPOSE below publishes nothing by itself). Inside the container Chorus binds
# 0.0.0.0, so it starts only with a token (CHORUS_HTTP_TOKEN), or with --set http.allow.unauthenticated.bind=true when
# the port is published on the host's loopback alone; otherwise start-up fails and says so.

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
# RocksDB state outside the OS temp dir, so it survives in a volume; the HTTP API and dashboard on 8080 (publish it on
# 127.0.0.1, or set CHORUS_HTTP_TOKEN).
VOLUME /var/lib/chorus
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/chorus.jar:/app/lib/*", "io.chorus.cli.ChorusCli"]
CMD ["run", "--bootstrap", "kafka:9092", "--set", "state.dir=/var/lib/chorus/state", "--set", "http.enabled=true", "--set", "http.bind=0.0.0.0", "--set", "http.port=8080"]
