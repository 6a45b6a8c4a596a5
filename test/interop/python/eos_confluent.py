"""confluent-kafka (librdkafka 2.0.2) idempotence and transactions, driven by one JSON command on argv.

Prints one JSON line. Commands:
  produce_idempotent  {bootstrap, topic, count, prefix, chunk?}: enable.idempotence=true, flushed every chunk records
  transform           {bootstrap, input, output, group, txn_id, count, commit}: consume-transform-produce,
                      one transaction, offsets sent with send_offsets_to_transaction, then commit or abort
  read_committed      {bootstrap, topic, partitions, expect}: values below the last stable offset
  committed           {bootstrap, group, topic, partitions}: the group's committed offsets
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

DEADLINE_S = 20


def produce_idempotent(cmd):
    producer = Producer({
        "bootstrap.servers": cmd["bootstrap"], "enable.idempotence": True,
        "linger.ms": 0, "message.timeout.ms": DEADLINE_S * 1000,
        "socket.keepalive.enable": True, "reconnect.backoff.ms": 50,
    })
    errors = []

    def cb(err, _msg):
        if err is not None:
            errors.append(str(err))

    for i in range(cmd["count"]):
        producer.produce(cmd["topic"], value=f"{cmd['prefix']}{i}".encode(), partition=0, on_delivery=cb)
        producer.poll(0)
        if (i + 1) % cmd.get("chunk", cmd["count"]) == 0:
            producer.flush(DEADLINE_S)
    left = producer.flush(DEADLINE_S)
    return {"errors": errors, "unflushed": left}


def transform(cmd):
    consumer = Consumer({
        "bootstrap.servers": cmd["bootstrap"], "group.id": cmd["group"], "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "isolation.level": "read_committed",
    })
    producer = Producer({
        "bootstrap.servers": cmd["bootstrap"], "transactional.id": cmd["txn_id"],
        "transaction.timeout.ms": 30000, "linger.ms": 5,
    })
    try:
        producer.init_transactions(DEADLINE_S)
        consumer.subscribe([cmd["input"]])
        taken = []
        deadline = time.time() + DEADLINE_S
        while len(taken) < cmd["count"] and time.time() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            taken.append(msg)
        producer.begin_transaction()
        positions = {}
        for msg in taken:
            producer.produce(cmd["output"], value=msg.value() + b"-out", partition=msg.offset() % 2)
            positions[msg.partition()] = msg.offset() + 1
        offsets = [TopicPartition(cmd["input"], p, o) for p, o in positions.items()]
        producer.send_offsets_to_transaction(offsets, consumer.consumer_group_metadata(), DEADLINE_S)
        if cmd["commit"]:
            producer.commit_transaction(DEADLINE_S)
        else:
            producer.abort_transaction(DEADLINE_S)
        return {"taken": [m.value().decode() for m in taken]}
    finally:
        consumer.close()


def read_committed(cmd):
    consumer = Consumer({
        "bootstrap.servers": cmd["bootstrap"], "group.id": "eos-reader", "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    try:
        consumer.assign([TopicPartition(cmd["topic"], p, 0) for p in cmd["partitions"]])
        values = []
        deadline = time.time() + DEADLINE_S
        quiet_until = None
        while time.time() < deadline:
            msg = consumer.poll(0.3)
            if msg is not None and not msg.error():
                values.append(msg.value().decode())
            if len(values) >= cmd["expect"]:
                # keep reading a little: anything past the expected count is a failure worth seeing
                quiet_until = quiet_until or time.time() + 1.0
                if time.time() >= quiet_until:
                    break
        return {"values": values}
    finally:
        consumer.close()


def committed(cmd):
    consumer = Consumer({"bootstrap.servers": cmd["bootstrap"], "group.id": cmd["group"]})
    try:
        tps = consumer.committed([TopicPartition(cmd["topic"], p) for p in cmd["partitions"]], timeout=DEADLINE_S)
        return {"offsets": [tp.offset for tp in tps]}
    finally:
        consumer.close()


def main():
    cmd = json.loads(sys.argv[1])
    op = {"produce_idempotent": produce_idempotent, "transform": transform,
          "read_committed": read_committed, "committed": committed}[cmd["op"]]
    try:
        result = op(cmd)
    except KafkaException as e:
        result = {"error": str(e)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
