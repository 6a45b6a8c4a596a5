"""kafka-python 2.0.2, unchanged, driven by one JSON command on argv.

Prints one JSON line. Keys, values and header values travel as hex so that
any byte survives the trip through JSON.
Commands: metadata, create_topic, produce, consume, offsets_for_times.
"""
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

DEADLINE_S = 20


def unhex(s):
    return None if s is None else bytes.fromhex(s)


def tohex(b):
    return None if b is None else b.hex()


def metadata(cmd):
    consumer = KafkaConsumer(bootstrap_servers=cmd["bootstrap"], api_version_auto_timeout_ms=5000)
    try:
        topics = sorted(consumer.topics())
        parts = {t: sorted(consumer.partitions_for_topic(t) or []) for t in cmd.get("topics", [])}
        return {"topics": topics, "partitions": parts}
    finally:
        consumer.close()


def create_topic(cmd):
    admin = KafkaAdminClient(bootstrap_servers=cmd["bootstrap"], request_timeout_ms=10000)
    try:
        admin.create_topics([NewTopic(cmd["topic"], cmd["partitions"], 1)])
        return {"created": cmd["topic"]}
    finally:
        admin.close()


def produce(cmd):
    codec = cmd.get("codec")
    producer = KafkaProducer(
        bootstrap_servers=cmd["bootstrap"],
        acks="all",
        compression_type=None if codec in (None, "none") else codec,
        linger_ms=cmd.get("linger_ms", 0),
        retries=0,
    )
    try:
        futures = []
        for r in cmd["records"]:
            headers = [(k, unhex(v)) for k, v in r.get("headers", [])]
            futures.append(producer.send(
                cmd["topic"], key=unhex(r.get("key")), value=unhex(r.get("value")),
                headers=headers, partition=r.get("partition", 0), timestamp_ms=r.get("timestamp")))
        producer.flush(DEADLINE_S)
        offsets = [f.get(timeout=DEADLINE_S).offset for f in futures]
        return {"offsets": offsets}
    finally:
        producer.close(5)


def consume(cmd):
    consumer = KafkaConsumer(
        bootstrap_servers=cmd["bootstrap"], group_id=None, enable_auto_commit=False,
        api_version_auto_timeout_ms=5000)
    try:
        tp = TopicPartition(cmd["topic"], cmd.get("partition", 0))
        consumer.assign([tp])
        consumer.seek(tp, cmd.get("offset", 0))
        out = []
        deadline = time.time() + DEADLINE_S
        while len(out) < cmd["count"] and time.time() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for m in records:
                    out.append({
                        "offset": m.offset, "timestamp": m.timestamp, "partition": m.partition,
                        "key": tohex(m.key), "value": tohex(m.value),
                        "headers": [[k, tohex(v)] for k, v in m.headers],
                    })
        return {"records": out[: cmd["count"]]}
    finally:
        consumer.close()


def offsets_for_times(cmd):
    consumer = KafkaConsumer(bootstrap_servers=cmd["bootstrap"], group_id=None, api_version_auto_timeout_ms=5000)
    try:
        tp = TopicPartition(cmd["topic"], cmd.get("partition", 0))
        found = consumer.offsets_for_times({tp: cmd["timestamp"]})[tp]
        end = consumer.end_offsets([tp])[tp]
        begin = consumer.beginning_offsets([tp])[tp]
        return {"offset": None if found is None else found.offset, "begin": begin, "end": end}
    finally:
        consumer.close()


def main():
    cmd = json.loads(sys.argv[1])
    result = {"metadata": metadata, "create_topic": create_topic, "produce": produce,
              "consume": consume, "offsets_for_times": offsets_for_times}[cmd["op"]](cmd)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
