"""confluent-kafka (librdkafka 2.0.2), unchanged, as a long-running consumer-group member.

One JSON command on argv configures it (bootstrap, group, topic, strategy,
optional instance_id and session_timeout_ms). It prints one JSON line per
event as it happens: assign / revoke / lost with the partitions of that
callback, and record with partition, offset and value. Closing its stdin asks
it to commit synchronously, report the committed offsets and close.
"""
import json
import sys
import threading
import time

from confluent_kafka import Consumer, KafkaException

DEADLINE_S = 60


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def partitions_of(tps):
    return sorted(tp.partition for tp in tps)


def member(cmd):
    conf = {
        "bootstrap.servers": cmd["bootstrap"],
        "group.id": cmd["group"],
        "client.id": cmd.get("client_id", "kgo-groups-confluent"),
        "partition.assignment.strategy": cmd["strategy"],
        "session.timeout.ms": cmd.get("session_timeout_ms", 6000),
        "heartbeat.interval.ms": 1000,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": True,
        "auto.commit.interval.ms": 200,
        "fetch.wait.max.ms": 100,
    }
    if cmd.get("instance_id"):
        conf["group.instance.id"] = cmd["instance_id"]
    consumer = Consumer(conf)
    stop = threading.Event()

    def wait_for_eof():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    consumer.subscribe(
        [cmd["topic"]],
        on_assign=lambda c, tps: emit("assign", partitions=partitions_of(tps)),
        on_revoke=lambda c, tps: emit("revoke", partitions=partitions_of(tps)),
        on_lost=lambda c, tps: emit("lost", partitions=partitions_of(tps)),
    )
    deadline = time.time() + DEADLINE_S
    while not stop.is_set() and time.time() < deadline:
        msg = consumer.poll(0.1)
        if msg is None:
            continue
        if msg.error():
            emit("error", error=str(msg.error()))
            continue
        emit("record", partition=msg.partition(), offset=msg.offset(), value=msg.value().decode())
    try:
        consumer.commit(asynchronous=False)
    except KafkaException as err:
        emit("commit", error=str(err))
    committed = consumer.committed(consumer.assignment(), timeout=10)
    emit("closed", committed={str(tp.partition): tp.offset for tp in committed})
    consumer.close()


def main():
    cmd = json.loads(sys.argv[1])
    {"member": member}[cmd["op"]](cmd)


if __name__ == "__main__":
    main()
