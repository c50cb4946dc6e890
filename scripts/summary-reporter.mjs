// node:test reporter that prints only the closing line CI reads: `unit: N passed, N failed`.
// Used next to the built-in spec reporter (scripts/test.mjs passes two reporter/destination pairs).
// Counts come from the runner's own end-of-run diagnostics ("pass 3", "fail 1", ...), so they
// match what the spec reporter shows; cancelled tests (e.g. a file that crashed) count as failed.
export default async function* summaryReporter(source) {
  const totals = {};
  let ownPass = 0, ownFail = 0; // fallback if the diagnostics format ever changes
  for await (const event of source) {
    if (event.type === 'test:diagnostic' && event.data.nesting === 0) {
      const m = /^(\w+) (\d+(?:\.\d+)?)$/.exec(event.data.message);
      if (m) totals[m[1]] = Number(m[2]);
    } else if (event.type === 'test:pass' && event.data.details?.type !== 'suite') {
      ownPass++;
    } else if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      ownFail++;
    }
  }
  const passed = totals.pass ?? ownPass;
  const failed = totals.fail !== undefined ? totals.fail + (totals.cancelled ?? 0) : ownFail;
  yield `unit: ${passed} passed, ${failed} failed\n`;
}
