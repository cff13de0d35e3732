#!/usr/bin/env python3
"""The Spark recipe of the README in local mode: an RDD of paths piped
through `form4 batch --files-from -`, one JSON record back per path.

    cargo build && python3 tests/spark_local.py [path/to/form4]

Needs pyspark (pip install pyspark) and Java 17; prints SKIP and exits 0
when pyspark cannot be imported.
"""
import glob
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FORM4 = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "target", "debug", "form4"))
CORPUS = "/work/shared/corpus/dev/real-html"
# Partitions of the path RDD: more than one, so several `form4 batch` run.
PARTITIONS = 2


def fixtures(scratch):
    """Three inputs: corpus PDFs when there, else a not-a-PDF, an empty and a missing file."""
    pdfs = sorted(glob.glob(os.path.join(CORPUS, "*.pdf")))[:3]
    if len(pdfs) == 3:
        return pdfs
    text, empty = os.path.join(scratch, "text.pdf"), os.path.join(scratch, "empty.pdf")
    with open(text, "w") as f:
        f.write("not a pdf\n")
    open(empty, "w").close()
    return [text, empty, os.path.join(scratch, "missing.pdf")]


def main():
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        print(f"SKIP: pyspark is not importable ({e})")
        return 0
    if not os.access(FORM4, os.X_OK):
        print(f"FAIL: no form4 binary at {FORM4} (cargo build first)")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        paths = fixtures(scratch)
        spark = SparkSession.builder.master(f"local[{PARTITIONS}]").appName("form4-batch-test").getOrCreate()
        try:
            rdd = spark.sparkContext.parallelize(paths, PARTITIONS)
            records = rdd.pipe(f"{FORM4} batch --files-from - -j 1").map(json.loads).collect()
        finally:
            spark.stop()
    inputs = sorted(r["input"] for r in records)
    assert inputs == sorted(paths), f"one record per path expected, got {inputs}"
    for r in records:
        assert ("error" in r) or ("extraction" in r), r
        assert isinstance(r["needsReview"], bool), r
    kinds = [r["error"]["kind"] if "error" in r else "ok" for r in records]
    print(f"OK: {len(records)} records for {len(paths)} paths over {PARTITIONS} partitions: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
