"""kafka-python 2.0.2, unchanged, as a consumer-group member driven by one JSON command on argv.

Command consume_commit: join `group`, read `count` records of `topic`
partition 0 from the committed position (or the earliest offset), commit
`commit_offset`, close. Prints one JSON line: the offsets read and what the
coordinator returns as committed before and after the commit.
"""
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

DEADLINE_S = 25


def consume_commit(cmd):
    consumer = KafkaConsumer(
        bootstrap_servers=cmd["bootstrap"],
        group_id=cmd["group"],
        client_id="kgo-groups-kafka-python",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    tp = TopicPartition(cmd["topic"], 0)
    consumer.subscribe([cmd["topic"]])
    offsets = []
    deadline = time.time() + DEADLINE_S
    while len(offsets) < cmd["count"] and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            offsets.extend(r.offset for r in records)
    offsets = offsets[: cmd["count"]]
    before = consumer.committed(tp)
    consumer.commit({tp: OffsetAndMetadata(cmd["commit_offset"], "")})
    after = consumer.committed(tp)
    consumer.close()
    return {"offsets": offsets, "committed_before": before, "committed_after": after}


def main():
    cmd = json.loads(sys.argv[1])
    result = {"consume_commit": consume_commit}[cmd["op"]](cmd)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
