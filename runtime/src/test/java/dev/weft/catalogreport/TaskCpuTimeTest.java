package dev.weft.catalogreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskCpuTimeTest {
  private static final String TASK = "Source: input orders (shop.orders) -> parse orders -> topic orders.order-events.v1: Writer";

  @Test
  void countsTheCpuOfThreadsNamedAfterTheTasksOnce() throws Exception {
    TaskCpuTime cpu = new TaskCpuTime();
    assertThat(cpu.supported()).isTrue();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch burned = new CountDownLatch(1);
    Thread task = new Thread(() -> {
      // 200 ms of this thread's own CPU time, however busy the machine is
      java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
      double x = 0;
      while (clock.getCurrentThreadCpuTime() < 200_000_000L) {
        x += Math.sqrt(x + 1);
      }
      burned.countDown();
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, TASK + " (1/1)#0");
    task.start();
    burned.await();
    try {
      assertThat(cpu.sinceLastCall(List.of("iceberg committer orders.order_events_v1 -> committed: Writer"))).isZero();
      assertThat(cpu.sinceLastCall(List.of(TASK))).isGreaterThan(100_000_000L);
      assertThat(cpu.sinceLastCall(List.of(TASK))).as("counted once").isLessThan(10_000_000L);
    } finally {
      stop.countDown();
      task.join();
    }
  }

  @Test
  void aTaskThreadIsNamedAfterItsTaskSubtaskAndAttempt() {
    assertThat(TaskCpuTime.isTaskThread(TASK + " (1/1)#0", List.of(TASK))).isTrue();
    assertThat(TaskCpuTime.isTaskThread(TASK + " (2/4)#3", List.of(TASK))).isTrue();
    assertThat(TaskCpuTime.isTaskThread(TASK, List.of(TASK))).isFalse();
    assertThat(TaskCpuTime.isTaskThread("Source: input orders (shop.orders) (1/1)#0", List.of(TASK))).isFalse();
  }
}
