"""confluent-kafka (librdkafka), unchanged, driven by one JSON command on argv.

Prints one JSON line. Keys, values and header values travel as hex so that
any byte survives the trip through JSON.
Commands: metadata, create_topic, produce, consume, offsets_for_times.
"""
import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

DEADLINE_S = 20


def unhex(s):
    return None if s is None else bytes.fromhex(s)


def tohex(b):
    return None if b is None else b.hex()


def metadata(cmd):
    md = AdminClient({"bootstrap.servers": cmd["bootstrap"]}).list_topics(timeout=DEADLINE_S)
    return {
        "brokers": [f"{b.host}:{b.port}" for b in md.brokers.values()],
        "topics": sorted(md.topics.keys()),
        "partitions": {t: sorted(md.topics[t].partitions.keys()) for t in cmd.get("topics", []) if t in md.topics},
    }


def create_topic(cmd):
    admin = AdminClient({"bootstrap.servers": cmd["bootstrap"]})
    futures = admin.create_topics([NewTopic(cmd["topic"], cmd["partitions"], 1)], request_timeout=DEADLINE_S)
    futures[cmd["topic"]].result(DEADLINE_S)
    return {"created": cmd["topic"]}


def produce(cmd):
    producer = Producer({
        "bootstrap.servers": cmd["bootstrap"], "acks": "all",
        "compression.type": cmd.get("codec") or "none", "linger.ms": cmd.get("linger_ms", 5),
        "message.timeout.ms": DEADLINE_S * 1000,
    })
    offsets = [None] * len(cmd["records"])
    errors = []

    def delivered(i):
        def cb(err, msg):
            if err is not None:
                errors.append(str(err))
            else:
                offsets[i] = msg.offset()
        return cb

    for i, r in enumerate(cmd["records"]):
        kwargs = {}
        if r.get("timestamp") is not None:
            kwargs["timestamp"] = r["timestamp"]
        producer.produce(
            cmd["topic"], key=unhex(r.get("key")), value=unhex(r.get("value")),
            headers=[(k, unhex(v)) for k, v in r.get("headers", [])],
            partition=r.get("partition", 0), on_delivery=delivered(i), **kwargs)
    left = producer.flush(DEADLINE_S)
    return {"offsets": offsets, "errors": errors, "undelivered": left}


def consume(cmd):
    consumer = Consumer({
        "bootstrap.servers": cmd["bootstrap"], "group.id": "kgo-interop-unused",
        "enable.auto.commit": False, "enable.partition.eof": False,
    })
    try:
        consumer.assign([TopicPartition(cmd["topic"], cmd.get("partition", 0), cmd.get("offset", 0))])
        out = []
        deadline = time.time() + DEADLINE_S
        while len(out) < cmd["count"] and time.time() < deadline:
            m = consumer.poll(0.5)
            if m is None:
                continue
            if m.error() is not None:
                raise RuntimeError(str(m.error()))
            out.append({
                "offset": m.offset(), "timestamp": m.timestamp()[1], "partition": m.partition(),
                "key": tohex(m.key()), "value": tohex(m.value()),
                "headers": [[k, tohex(v)] for k, v in (m.headers() or [])],
            })
        return {"records": out}
    finally:
        consumer.close()


def offsets_for_times(cmd):
    consumer = Consumer({"bootstrap.servers": cmd["bootstrap"], "group.id": "kgo-interop-unused"})
    try:
        tp = TopicPartition(cmd["topic"], cmd.get("partition", 0), cmd["timestamp"])
        found = consumer.offsets_for_times([tp], timeout=DEADLINE_S)[0]
        low, high = consumer.get_watermark_offsets(TopicPartition(cmd["topic"], cmd.get("partition", 0)), timeout=DEADLINE_S)
        return {"offset": found.offset, "begin": low, "end": high}
    finally:
        consumer.close()


def main():
    cmd = json.loads(sys.argv[1])
    result = {"metadata": metadata, "create_topic": create_topic, "produce": produce,
              "consume": consume, "offsets_for_times": offsets_for_times}[cmd["op"]](cmd)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
