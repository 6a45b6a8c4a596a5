/** Reading a topic as a kafkajs read_committed group member, for the transaction tests. */
import type { Kafka } from 'kafkajs';

/**
 * Values read from the beginning until `want` arrived, plus half a second
 * more so records that should stay hidden have a chance to show up.
 */
export async function readCommitted(kafka: Kafka, topic: string, want: number, groupId: string, deadlineMs = 20_000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`saw ${seen.length} of ${want}: ${seen.join(',')}`)), deadlineMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (seen.length >= want) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
