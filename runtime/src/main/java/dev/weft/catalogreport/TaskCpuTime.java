package dev.weft.catalogreport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time a product's job used, from the JVM's clock of each of its Flink task threads.
 *
 * <p>Flink reports CPU time per task manager, not per job, and on the MiniCluster all products
 * share one JVM; but every task runs in a thread named after its task ({@code <task name>
 * (subtask/parallelism)#attempt}), and a product's task names are its own (they name its topics
 * and table). CPU a task thread used after the last sample and before it ended is not counted.
 */
final class TaskCpuTime {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  /** CPU nanoseconds of each thread counted so far, by thread id. */
  private final Map<Long, Long> counted = new HashMap<>();

  /** Whether this JVM can tell a thread's CPU time (HotSpot can, and does by default). */
  boolean supported() {
    return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
  }

  /** CPU nanoseconds the threads of these tasks used since the last call. */
  synchronized long sinceLastCall(List<String> taskNames) {
    if (!supported()) {
      return 0;
    }
    long used = 0;
    for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (thread == null || !isTaskThread(thread.getThreadName(), taskNames)) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(thread.getThreadId());
      if (cpu < 0) {
        continue; // ended meanwhile
      }
      long before = counted.getOrDefault(thread.getThreadId(), 0L);
      used += Math.max(0, cpu - before);
      counted.put(thread.getThreadId(), cpu);
    }
    return used;
  }

  static boolean isTaskThread(String threadName, List<String> taskNames) {
    for (String task : taskNames) {
      if (threadName.startsWith(task + " (") && threadName.indexOf(')', task.length()) > 0) {
        return true;
      }
    }
    return false;
  }
}
