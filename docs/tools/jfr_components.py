#!/usr/bin/env python3
"""Shares of JFR execution samples by thread and by component, for docs/BENCHMARKS.md.

Usage: jfr print --events jdk.ExecutionSample run.jfr > samples.txt && python3 docs/tools/jfr_components.py samples.txt

A sample counts for a component when any frame of its (depth-limited) stack is in that component's package, so
the component shares overlap and do not add up to 100%.
"""
import collections
import re
import sys

COMPONENTS = [
    ("RocksDB (state stores)", "org.rocksdb"), ("Jackson JSON", "com.fasterxml.jackson"),
    ("JDK HTTP client", "jdk.internal.net.http"), ("LangChain4j", "dev.langchain4j"),
    ("Kafka producer", "org.apache.kafka.clients.producer"), ("Kafka consumer", "org.apache.kafka.clients.consumer"),
    ("Kafka Streams internals", "org.apache.kafka.streams"), ("Async processor and gateway", "io.chorus.async"),
    ("Other Chorus code", "io.chorus."), ("Class loading", "ClassLoader"),
]
THREADS = [("global store thread", "GlobalStreamThread"), ("stream thread", "StreamThread"), ("model executor", "chorus-model"),
           ("JDK HTTP client", "HttpClient"), ("main (start-up, bench producer)", "main")]


def main(path):
    samples = open(path, encoding="utf-8").read().split("jdk.ExecutionSample {")[1:]
    n = len(samples)
    print(f"samples {n}")
    by_thread = collections.Counter()
    by_component = collections.Counter()
    within = collections.defaultdict(collections.Counter)
    for s in samples:
        m = re.search(r'sampledThread = "([^"]*)"', s)
        name = m.group(1) if m else "?"
        thread = next((label for label, key in THREADS if (name == key if key == "main" else key in name)), "other")
        by_thread[thread] += 1
        frames = "\n".join(re.findall(r"^\s+([\w.$<>]+)\(", s, re.M))
        for label, key in COMPONENTS:
            if key in frames:
                by_component[label] += 1
                within[thread][label] += 1
    print("-- by thread")
    for t, c in by_thread.most_common():
        parts = ", ".join(f"{k} {v * 100 / c:.0f}%" for k, v in within[t].most_common(6))
        print(f"{c * 100 / n:5.1f}% {t}: {parts}")
    print("-- by component (all threads)")
    for k, c in by_component.most_common():
        print(f"{c * 100 / n:5.1f}% {k}")


if __name__ == "__main__":
    main(sys.argv[1])
