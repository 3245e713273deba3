/** The report's style sheet, inlined so the page is one self-contained file. */
export const REPORT_CSS = `
:root { --pass: #1b7f3b; --pass-bg: #e6f4ea; --fail: #b3261e; --fail-bg: #fce8e6; --warn: #8a5a00;
  --warn-bg: #fef3d6; --muted: #5f6368; --line: #dadce0; --card: #ffffff; --page: #f4f5f7; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: var(--page); color: #202124;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 12px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
h2 { font-size: 18px; margin: 32px 0 12px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
h3 { font-size: 15px; margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.box { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.03em; background: #e8eaed; color: #3c4043; }
.badge.passed, .badge.accepted, .badge.done, .badge.approved { background: var(--pass-bg); color: var(--pass); }
.badge.failed, .badge.rejected, .badge.error { background: var(--fail-bg); color: var(--fail); }
.badge.escalated, .badge.pending, .badge.halted, .badge.stopped, .badge.simulated, .badge.open
  { background: var(--warn-bg); color: var(--warn); }
.halt { color: var(--fail); font-weight: 600; }
.totals { display: flex; gap: 32px; flex-wrap: wrap; align-items: center; margin-top: 16px; }
.meter { width: 320px; height: 10px; background: #e8eaed; border-radius: 5px; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--pass); }
.meter.over > span { background: var(--fail); }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chips { display: flex; gap: 6px; flex-wrap: wrap; }
.chip { padding: 1px 8px; border-radius: 10px; font-size: 12px; text-decoration: none; white-space: nowrap;
  border: 1px solid var(--line); color: #3c4043; }
.chip.passed { background: var(--pass-bg); color: var(--pass); border-color: #b7dfc3; }
.chip.failed, .chip.error { background: var(--fail-bg); color: var(--fail); border-color: #f3b8b3; font-weight: 600; }
.shot-note { margin: 0 0 12px; color: var(--muted); }
.attempt { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--line);
  border-radius: 8px; padding: 12px 16px; margin: 0 0 14px; }
.attempt.passed { border-left-color: var(--pass); }
.attempt.failed, .attempt.error { border-left-color: var(--fail); }
.attempt > header { display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; margin-bottom: 10px; }
.attempt > header .meta { color: var(--muted); }
.media { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 10px; }
figure { margin: 0; }
figure img { display: block; border: 1px solid var(--line); border-radius: 4px; background: #000; }
figure.panel img { width: 320px; height: auto; }
figure.frame img { width: 200px; height: auto; }
figcaption { font-size: 11px; color: var(--muted); text-align: center; }
.missing { width: 200px; min-height: 60px; padding: 8px; font-size: 11px; border: 1px dashed var(--fail);
  color: var(--fail); border-radius: 4px; overflow-wrap: anywhere; }
ul.failures { margin: 0 0 10px; padding: 8px 12px 8px 28px; background: var(--fail-bg); border-radius: 6px;
  color: var(--fail); }
.validations { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-start; }
table.scores { width: auto; flex: 1 1 460px; border: 1px solid var(--line); border-radius: 6px; }
table.scores caption { text-align: left; padding: 4px 8px; font-weight: 600; caption-side: top; }
table.scores caption .badge { margin-left: 6px; }
table.scores caption .note { font-weight: 400; color: var(--muted); margin-left: 6px; }
table.scores tr.fail td { background: var(--fail-bg); color: var(--fail); font-weight: 600; }
table.scores tr.ungated td { color: #9aa0a6; }
table.scores tr.unmeasured td { color: var(--muted); font-style: italic; }
pre.raw { background: #f1f3f4; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12px; }
.key { color: var(--muted); font-size: 12px; margin: 6px 0 0; overflow-wrap: anywhere; }
.badge.accepted-over-failure, .chip.accepted-over-failure { background: #f3e8fd; color: #6a1b9a; border-color: #d7b8f3; }
.badge.awaiting-decision { background: var(--warn-bg); color: var(--warn); }
.badge.taken { background: #202124; color: #fff; }
.chip.taken { outline: 2px solid #202124; outline-offset: 1px; }
.attempt.taken { box-shadow: 0 0 0 2px #202124; }
.status-line { margin: 0 0 10px; font-size: 15px; font-weight: 600; }
p.decision { margin: 0 0 10px; padding: 6px 10px; border-radius: 6px; background: #f3e8fd; color: #6a1b9a; font-weight: 600; }
p.decision.rejected { background: var(--fail-bg); color: var(--fail); }
p.offered { margin: 0 0 10px; color: var(--warn); }
details.fold { margin: 0 0 8px; }
details.fold > summary { cursor: pointer; padding: 6px 12px; background: var(--card); border: 1px solid var(--line);
  border-left: 6px solid var(--fail); border-radius: 8px; color: var(--muted); }
details.fold[open] > summary { margin-bottom: 6px; }
details.tables > summary { cursor: pointer; color: var(--pass); margin-bottom: 6px; }
details.ledger { margin-top: 12px; color: var(--muted); }
details.ledger > summary { cursor: pointer; }
.sheet-box { margin-top: 16px; }
table.sheet { width: auto; background: none; }
table.sheet th { vertical-align: middle; padding-right: 16px; font-size: 14px; color: #202124; }
table.sheet td { padding: 2px 4px; border: 0; }
table.sheet figure.frame img { width: 160px; }
figure.clip { margin: 0 0 12px; }
figure.clip video { display: block; width: 480px; max-width: 100%; background: #000; border-radius: 4px; }
h2 .cost { font-size: 14px; font-weight: 400; color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
