// Preloaded (`node -r`) into the CLI by scripts/bench/throughput.mjs: on exit, the process's CPU
// time (all threads) and peak memory, as one line on stderr the benchmark reads.
'use strict';
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nDATUM_RUSAGE ${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKB: u.maxRSS })}\n`);
});
