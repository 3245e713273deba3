/** Peak memory of this process while something runs, and whether it kept growing. */
export interface MemoryFigure {
  peakRssMb: number;
  peakHeapMb: number;
  /** Peak heap in the first and the last quarter of the run: flat when they are close. */
  firstQuarterHeapMb: number;
  lastQuarterHeapMb: number;
}

export function sampleMemory(everyMs = 50): { stop(): MemoryFigure } {
  const samples: { at: number; rss: number; heap: number }[] = [];
  const take = () => {
    const usage = process.memoryUsage();
    samples.push({ at: Date.now(), rss: usage.rss, heap: usage.heapUsed });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
      const first = samples[0]?.at ?? 0;
      const span = (samples.at(-1)?.at ?? first) - first;
      const peak = (from: number, to: number, key: "rss" | "heap") =>
        Math.max(
          0,
          ...samples
            .filter((s) => s.at - first >= from * span && s.at - first <= to * span)
            .map((s) => s[key]),
        );
      return {
        peakRssMb: mb(peak(0, 1, "rss")),
        peakHeapMb: mb(peak(0, 1, "heap")),
        firstQuarterHeapMb: mb(peak(0, 0.25, "heap")),
        lastQuarterHeapMb: mb(peak(0.75, 1, "heap")),
      };
    },
  };
}
