import { formatUsd } from "../../core/money.ts";
import type { EmbeddedImage } from "./embed-images.ts";
import { html, type Markup, token, trusted } from "./html.ts";
import { attemptAnchor, formatScore, plural, renderAttempt } from "./render-attempt.ts";
import type { ReportAttempt, ReportData, ReportEscalation, ReportShot } from "./report-data.ts";
import { REPORT_CSS } from "./report-style.ts";

/** What the page embeds or links that is not in the database: the images, and where the stitched scene is. */
export interface ReportMedia {
  images: ReadonlyMap<string, EmbeddedImage>;
  /** A link to the stitched scene relative to the report, or null when it cannot be reached as a file. */
  sceneHref: string | null;
}

// Scripts and outside fetches are refused outright, so even text that slipped past escaping cannot run.
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** The whole report page, from data to a string: pure, so it is tested without a database or a browser. */
export function renderReport(data: ReportData, media: ReportMedia): string {
  const { run } = data;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${trusted(CSP)}">
<title>continuity report · run ${run.id}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
${renderHeader(data)}
${renderOverview(data)}
${data.shots.map((shot) => renderShot(shot, media.images))}
${renderScene(data.scene, media)}
${renderEscalations(data.escalations)}
<footer>generated ${formatTime(data.generatedAt)} by continuity report</footer>
</body>
</html>
`.text;
}

function renderHeader(data: ReportData): Markup {
  const { run, totals } = data;
  const committed = totals.spentMicros + totals.openMicros;
  const share = totals.capMicros > 0 ? Math.min(100, (committed / totals.capMicros) * 100) : 100;
  const simulated =
    totals.simulated === "none"
      ? ""
      : html`<span class="badge simulated">${totals.simulated === "all" ? "simulated: no real money spent" : "partly simulated"}</span>`;
  return html`<header class="box" id="run">
<h1>run <code>${run.id}</code> <span class="badge ${token(run.status)}">${run.status}</span>${simulated}</h1>
${run.haltReason ? html`<p class="halt">${run.haltReason}</p>` : ""}
<dl class="facts">
  <dt>scope</dt><dd>${run.scope}</dd>
  <dt>scene</dt><dd>${run.sceneId}${run.frames ? " (frames mode: start and end panels)" : ""}</dd>
  <dt>bible version</dt><dd><code>${run.bibleVersion}</code></dd>
  <dt>bible</dt><dd><code>${run.bibleUri}</code></dd>
  <dt>requested by</dt><dd>${run.requestedBy}</dd>
  <dt>created</dt><dd>${formatTime(run.createdAt)}</dd>
</dl>
<div class="totals">
  <div><strong>${formatUsd(committed)}</strong> of cap ${formatUsd(totals.capMicros)}${
    totals.openMicros > 0
      ? html` <span class="badge open">${formatUsd(totals.openMicros)} reserved, open</span>`
      : ""
  }
    <div class="meter${committed > totals.capMicros ? " over" : ""}"><span style="width:${share.toFixed(1)}%"></span></div></div>
  <div>estimate ${formatUsd(totals.estimateExpectedMicros)} expected, ${formatUsd(totals.estimateWorstMicros)} worst case</div>
  <div>${plural(totals.ledgerRows, "ledger row")}${
    totals.unattributedMicros > 0 ? `, ${formatUsd(totals.unattributedMicros)} not tied to an attempt` : ""
  }</div>
</div>
</header>`;
}

function chip(attempt: ReportAttempt): Markup {
  const label = `${attempt.stage === "scene" ? "scene" : `${attempt.stage} ${attempt.number}`} · ${formatScore(attempt.score)}`;
  return html`<a class="chip ${token(attempt.verdict)}" href="#${attemptAnchor(attempt)}" title="${attempt.verdict}">${label}</a>`;
}

/** One line a shot: a reader sees which attempts failed before scrolling. */
function renderOverview(data: ReportData): Markup {
  const rows = data.shots.map(
    (shot) => html`<tr data-shot="${shot.id}">
<td><a href="#shot-${token(shot.id)}"><strong>${shot.id}</strong></a></td>
<td><span class="badge ${token(shot.status)}">${shot.status}</span></td>
<td><div class="chips">${shot.attempts.map(chip)}</div></td>
<td>${shot.blame ?? ""}</td>
<td>${shot.message ?? ""}${shot.escalationId ? html` (escalation <code>${shot.escalationId}</code>)` : ""}</td></tr>`,
  );
  const scene = data.scene
    ? html`<tr data-shot="_scene"><td><a href="#scene"><strong>scene</strong></a></td>
<td><span class="badge ${token(data.scene.verdict)}">${data.scene.verdict}</span></td><td><div class="chips">${chip(data.scene)}</div></td>
<td>${data.scene.blame ?? ""}</td><td>cut-to-cut continuity</td></tr>`
    : "";
  return html`<h2>shots</h2>
<table class="overview"><thead><tr><th>shot</th><th>status</th><th>attempts (lowest score)</th><th>blame</th><th>note</th></tr></thead>
<tbody>${rows}${scene}</tbody></table>`;
}

function renderShot(shot: ReportShot, images: ReadonlyMap<string, EmbeddedImage>): Markup {
  return html`<section class="shot" id="shot-${token(shot.id)}" data-shot="${shot.id}">
<h2>shot ${shot.id} <span class="badge ${token(shot.status)}">${shot.status}</span></h2>
${shot.message || shot.blame ? html`<p class="shot-note">${shot.blame ? `blame ${shot.blame}. ` : ""}${shot.message ?? ""}</p>` : ""}
${shot.attempts.length ? shot.attempts.map((attempt) => renderAttempt(attempt, images)) : html`<p class="shot-note">no attempts yet</p>`}
</section>`;
}

function renderScene(scene: ReportAttempt | null, media: ReportMedia): Markup {
  if (!scene) {
    return html`<section class="scene" id="scene"><h2>scene</h2>
<p class="shot-note">not stitched: the scene gate runs once every shot is accepted.</p></section>`;
  }
  const key = scene.artifactKey;
  const link = key
    ? media.sceneHref
      ? html`<a href="${media.sceneHref}"><code>${key}</code></a>`
      : html`<code>${key}</code>`
    : "no stitched file recorded";
  // The stitched file is linked, not embedded, so its attempt card shows the frames of each cut instead.
  const card = renderAttempt({ ...scene, artifactKey: null }, media.images);
  return html`<section class="scene" id="scene" data-shot="_scene">
<h2>scene <span class="badge ${token(scene.verdict)}">${scene.verdict}</span></h2>
<p>stitched scene: ${link}. Each cut is judged for continuity: the first frame after it against the last frame before it.</p>
${card}
</section>`;
}

function renderEscalations(escalations: readonly ReportEscalation[]): Markup {
  if (escalations.length === 0) return html`<h2>escalations</h2><p class="shot-note">none</p>`;
  return html`<h2>escalations</h2>
<table class="escalations"><thead><tr><th>id</th><th>shot</th><th>stage</th><th>status</th><th>blame</th><th>reason</th><th>decided</th></tr></thead>
<tbody>${escalations.map(
    (escalation) => html`<tr data-escalation="${escalation.id}">
<td><code>${escalation.id}</code></td><td>${escalation.shotId}</td><td>${escalation.stage}</td>
<td><span class="badge ${token(escalation.status)}">${escalation.status}</span></td><td>${escalation.blame ?? ""}</td>
<td>${escalation.reason}</td>
<td>${escalation.decidedBy ? `${escalation.decidedBy}, ${escalation.decidedAt ? formatTime(escalation.decidedAt) : "time unknown"}` : "undecided"}</td></tr>`,
  )}</tbody></table>`;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
