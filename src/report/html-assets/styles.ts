// The HTML report's stylesheet, inlined into every report. System font stacks only (no web fonts,
// nothing fetched), light and dark schemes from the reader's preference, and a print layout.

/** The whole stylesheet. */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #eef1f4;
  --accent: #0b61c4; --code-bg: #f7f8fa; --gutter: #8c959f; --hit-bg: rgba(207, 34, 46, 0.10); --hit-line: #cf222e;
  --critical: #8b2fc9; --high: #cf222e; --medium: #bc6c00; --low: #0969da; --ok: #1a7f37;
  --tok-keyword: #a626a4; --tok-builtin: #0e7490; --tok-string: #0a7a3d; --tok-comment: #6e7781; --tok-number: #b35900;
  --tok-decorator: #8250df; --tok-definition: #0550ae; --tok-call: #0550ae; --tok-self: #b4232c;
  --radius: 10px; --shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 2px 8px rgba(31, 35, 40, 0.05);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --panel: #151b23; --text: #e6edf3; --muted: #9198a1; --line: #30363d; --soft: #1f2630;
    --accent: #4493f8; --code-bg: #0f141b; --gutter: #6e7681; --hit-bg: rgba(248, 81, 73, 0.16); --hit-line: #f85149;
    --critical: #c297ff; --high: #ff7b72; --medium: #e3b341; --low: #58a6ff; --ok: #3fb950;
    --tok-keyword: #ff7b72; --tok-builtin: #79c0ff; --tok-string: #a5d6ff; --tok-comment: #8b949e; --tok-number: #79c0ff;
    --tok-decorator: #d2a8ff; --tok-definition: #d2a8ff; --tok-call: #d2a8ff; --tok-self: #ffa657;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
}
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 13px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.page { max-width: 1080px; margin: 0 auto; padding: 28px 24px 48px; }

.masthead { display: flex; align-items: flex-start; justify-content: space-between; gap: 24px; flex-wrap: wrap; margin-bottom: 20px; }
.brand { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 13px; font-weight: 600; letter-spacing: .02em; text-transform: uppercase; }
.brand svg { width: 20px; height: 20px; color: var(--accent); }
.masthead h1 { margin: 6px 0 4px; font-size: 26px; line-height: 1.25; font-weight: 650; }
.meta { margin: 0; color: var(--muted); font-size: 14px; }
.change { margin: 10px 0 0; padding: 8px 12px; border-left: 3px solid var(--accent); background: var(--panel); border-radius: 0 6px 6px 0; font-size: 14px; max-width: 680px; }
.change strong { font-weight: 600; }

.tiles { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; margin: 0 0 20px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 12px 14px; box-shadow: var(--shadow); border-top: 3px solid var(--line); }
.tile .n { display: block; font-size: 26px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile .l { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.tile.critical { border-top-color: var(--critical); } .tile.critical .n { color: var(--critical); }
.tile.high { border-top-color: var(--high); } .tile.high .n { color: var(--high); }
.tile.medium { border-top-color: var(--medium); } .tile.medium .n { color: var(--medium); }
.tile.low { border-top-color: var(--low); } .tile.low .n { color: var(--low); }
.tile.zero .n { color: var(--muted); opacity: .6; }

.verdict { display: flex; align-items: center; gap: 14px; padding: 18px 20px; border-radius: var(--radius); background: var(--panel); border: 1px solid var(--line); box-shadow: var(--shadow); margin-bottom: 20px; }
.verdict svg { flex: none; width: 28px; height: 28px; }
.verdict p { margin: 0; font-size: 17px; font-weight: 600; }
.verdict.clean { border-left: 5px solid var(--ok); } .verdict.clean svg { color: var(--ok); }

.toolbar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 14px; margin: 0 0 18px; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); }
.toolbar .group { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.toolbar .label { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; margin-right: 2px; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px 3px 8px; border: 1px solid var(--line); border-radius: 999px; font-size: 13px; cursor: pointer; user-select: none; background: var(--bg); }
.chip input { margin: 0; accent-color: var(--accent); }
.chip .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: var(--line); }
.dot.critical { background: var(--critical); } .dot.high { background: var(--high); }
.dot.medium { background: var(--medium); } .dot.low { background: var(--low); }
.chip .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.chip:has(input:not(:checked)) { opacity: .55; }
select { font: inherit; font-size: 13px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--text); max-width: 300px; }
.count { flex: 1 0 auto; text-align: right; color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.empty { padding: 28px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: var(--radius); }

.file-group { margin: 0 0 26px; }
.file-title { display: flex; align-items: baseline; gap: 10px; margin: 0 0 10px; font-size: 14px; font-weight: 600; }
.file-title code { font-size: 14px; }
.file-title .n { color: var(--muted); font-weight: 400; font-size: 13px; }

.finding { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); margin: 0 0 14px; overflow: hidden; }
.finding.critical { border-left-color: var(--critical); } .finding.high { border-left-color: var(--high); }
.finding.medium { border-left-color: var(--medium); } .finding.low { border-left-color: var(--low); }
.finding > header { padding: 14px 18px 0; }
.finding h3 { margin: 0 0 6px; font-size: 16px; line-height: 1.35; font-weight: 620; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700; letter-spacing: .05em; text-transform: uppercase; color: #fff; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); } .badge.info { background: var(--muted); }
.finding.info { border-left-color: var(--muted); } .dot.info { background: var(--muted); }
.note { margin: -4px 18px 12px; color: var(--muted); font-size: 13px; }
.change .scope { color: var(--muted); font-size: 13px; margin-left: 6px; }
.considered h3 { margin: 10px 0 4px; font-size: 13px; font-weight: 600; }
@media (prefers-color-scheme: dark) { .badge { color: #0d1117; } }
.facts { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; color: var(--muted); font-size: 13px; }
.facts .loc { color: var(--text); font-weight: 600; }
.tag { padding: 0 7px; border-radius: 4px; background: var(--soft); font-size: 12px; }
.message { margin: 10px 18px 12px; font-size: 15px; }

.code { margin: 0 18px; border: 1px solid var(--line); border-radius: 8px; background: var(--code-bg); overflow-x: auto; }
.code table { border-collapse: collapse; width: 100%; }
.code td { padding: 0 12px 0 0; white-space: pre; vertical-align: top; line-height: 1.6; }
.code td.ln { width: 1%; min-width: 44px; padding: 0 10px 0 12px; text-align: right; color: var(--gutter); user-select: none; border-right: 1px solid var(--line); }
.code td.src { padding-left: 12px; }
.code tr.flagged td { background: var(--hit-bg); }
.code tr.flagged td.ln { color: var(--hit-line); font-weight: 700; box-shadow: inset 3px 0 0 var(--hit-line); }
.code tr:first-child td { padding-top: 6px; } .code tr:last-child td { padding-bottom: 6px; }
.code .hit { text-decoration: underline wavy var(--hit-line); text-decoration-skip-ink: none; text-underline-offset: 3px; }
.code .more td { color: var(--muted); font-style: italic; }
.t-keyword { color: var(--tok-keyword); } .t-builtin { color: var(--tok-builtin); } .t-string { color: var(--tok-string); }
.t-comment { color: var(--tok-comment); font-style: italic; } .t-number { color: var(--tok-number); } .t-decorator { color: var(--tok-decorator); }
.t-definition { color: var(--tok-definition); font-weight: 600; } .t-call { color: var(--tok-call); } .t-self { color: var(--tok-self); }

.explain { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; padding: 14px 18px 4px; }
.explain section { min-width: 0; }
.explain h4, .flow h4 { margin: 0 0 4px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.explain p { margin: 0; font-size: 14px; }
.flow { padding: 10px 18px 4px; }
.steps { list-style: none; margin: 6px 0 0; padding: 0; }
.steps li { position: relative; display: grid; grid-template-columns: 76px 1fr; gap: 10px; align-items: baseline; padding: 0 0 10px 22px; font-size: 13px; }
.steps li::before { content: ""; position: absolute; left: 4px; top: 6px; width: 10px; height: 10px; border-radius: 50%; background: var(--panel); border: 2px solid var(--accent); }
.steps li:not(:last-child)::after { content: ""; position: absolute; left: 9px; top: 18px; bottom: -2px; width: 2px; background: var(--line); }
.steps li.source::before { background: var(--accent); }
.steps li.sink::before { border-color: var(--hit-line); background: var(--hit-line); }
.steps .where { color: var(--muted); font-variant-numeric: tabular-nums; }
.steps .what { min-width: 0; }
.steps .role { margin-left: 8px; color: var(--muted); font-size: 12px; }
.steps .line { display: block; margin-top: 2px; color: var(--muted); white-space: pre; overflow-x: auto; }
.finding > footer { padding: 8px 18px 14px; font-size: 13px; color: var(--muted); display: flex; gap: 14px; flex-wrap: wrap; }

.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 14px 18px; margin: 0 0 16px; box-shadow: var(--shadow); }
.panel h2 { margin: 0 0 8px; font-size: 15px; }
.panel ul { margin: 0; padding-left: 18px; font-size: 14px; }
.panel li { margin: 2px 0; }
.panel .kind { color: var(--muted); font-size: 12px; }
.page > footer { margin-top: 28px; color: var(--muted); font-size: 12px; text-align: center; }

@media (max-width: 760px) {
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .explain { grid-template-columns: 1fr; }
  .count { text-align: left; }
}
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .finding, .tile, .panel, .verdict { box-shadow: none; break-inside: avoid; }
}
`;
