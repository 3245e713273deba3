import { formatCents, formatUsd } from "../../core/money.ts";
import { describeOutcome } from "../runs/gate-outcome.ts";
import type { EmbeddedImage } from "./embed-images.ts";
import { html, type Markup, token, trusted } from "./html.ts";
import { plural, renderAttempt } from "./render-attempt.ts";
import { outcomeBadge, renderContactSheet, renderOverview, renderVideo } from "./render-overview.ts";
import type { ReportAttempt, ReportData, ReportEscalation, ReportShot } from "./report-data.ts";
import { REPORT_CSS } from "./report-style.ts";

/** What the page embeds or links that is not in the database: the images, and the clips beside the page. */
export interface ReportMedia {
  images: ReadonlyMap<string, EmbeddedImage>;
  /** Artifact key of a clip (or the stitched scene) → its copy beside the page, relative to it. */
  videos: ReadonlyMap<string, string>;
}

// Scripts and outside fetches are refused outright, so even text that slipped past escaping cannot
// run; media may come only from the page's own folder (the clips copied beside it).
const CSP = "default-src 'none'; img-src data:; media-src 'self' file:; style-src 'unsafe-inline'";

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
${renderContactSheet(data, media.images, media.videos)}
${renderOverview(data)}
${data.shots.map((shot) => renderShot(shot, media))}
${renderScene(data.scene, data, media)}
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
<h1>run <code>${run.id}</code> <span class="badge ${token(run.status)}">${run.status}</span>${
    data.sceneOutcome.kind === "accepted-over-failure" ? outcomeBadge(data.sceneOutcome) : ""
  }${simulated}</h1>
<p class="status-line" data-status-line>${run.statusLine}</p>
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
  <div class="spent"><strong>${formatCents(committed)}</strong> of cap ${formatCents(totals.capMicros)}${
    totals.openMicros > 0
      ? html` <span class="badge open">${formatCents(totals.openMicros)} reserved, open</span>`
      : ""
  }
    <div class="meter${committed > totals.capMicros ? " over" : ""}"><span style="width:${share.toFixed(1)}%"></span></div></div>
  <div>estimate ${formatCents(totals.estimateExpectedMicros)} expected, ${formatCents(totals.estimateWorstMicros)} worst case</div>
</div>
<details class="ledger"><summary>ledger detail (micro-dollars)</summary>
<dl class="facts">
  <dt>committed</dt><dd>${formatUsd(committed)} (${committed} µ$)</dd>
  <dt>settled or uncertain</dt><dd>${formatUsd(totals.spentMicros)}</dd>
  <dt>reserved, open</dt><dd>${formatUsd(totals.openMicros)}</dd>
  <dt>cap</dt><dd>${formatUsd(totals.capMicros)}</dd>
  <dt>estimate</dt><dd>${formatUsd(totals.estimateExpectedMicros)} expected, ${formatUsd(totals.estimateWorstMicros)} worst case</dd>
  <dt>rows</dt><dd>${plural(totals.ledgerRows, "ledger row")}${
    totals.unattributedMicros > 0 ? `, ${formatUsd(totals.unattributedMicros)} not tied to an attempt` : ""
  }</dd>
</dl></details>
</header>`;
}

function renderShot(shot: ReportShot, media: ReportMedia): Markup {
  const poster = shot.sheet.find((image) => image.label === "first");
  const cost = shot.attempts.reduce((sum, attempt) => sum + attempt.cost.micros, 0);
  return html`<section class="shot" id="shot-${token(shot.id)}" data-shot="${shot.id}">
<h2>shot ${shot.id} <span class="badge ${token(shot.status)}">${shot.status}</span> <span class="cost">${formatCents(cost)}</span></h2>
${shot.verdictLine ? html`<p class="decision">${shot.verdictLine}</p>` : ""}
${shot.message || shot.blame ? html`<p class="shot-note">${shot.blame ? `blame ${shot.blame}. ` : ""}${shot.message ?? ""}</p>` : ""}
${shot.clipKey ? renderVideo(media.videos.get(shot.clipKey), poster ? media.images.get(poster.key) : undefined, `accepted clip ${shot.id}`) : ""}
${shot.attempts.length ? shot.attempts.map((attempt) => renderAttempt(attempt, media.images)) : html`<p class="shot-note">no attempts yet</p>`}
</section>`;
}

function renderScene(scene: ReportAttempt | null, data: ReportData, media: ReportMedia): Markup {
  if (!scene) {
    return html`<section class="scene" id="scene"><h2>scene</h2>
<p class="shot-note">not stitched: the scene gate runs once every shot is accepted.</p></section>`;
  }
  const key = scene.artifactKey;
  const href = key ? media.videos.get(key) : undefined;
  const link = key
    ? href
      ? html`<a href="${href}"><code>${key}</code></a>`
      : html`<code>${key}</code>`
    : "no stitched file recorded";
  // The stitched file plays at the top of the page, so its attempt card shows the frames of each cut.
  const card = renderAttempt({ ...scene, artifactKey: null }, media.images);
  return html`<section class="scene" id="scene" data-shot="_scene">
<h2>scene ${outcomeBadge(data.sceneOutcome)}</h2>
<p class="decision">${describeOutcome(data.sceneOutcome)}</p>
<p>stitched scene: ${link}. Each cut is judged for continuity: the first frame after it against the last frame before it.</p>
${card}
</section>`;
}

function renderEscalations(escalations: readonly ReportEscalation[]): Markup {
  if (escalations.length === 0) return html`<h2>escalations</h2><p class="shot-note">none</p>`;
  return html`<h2>escalations</h2>
<table class="escalations"><thead><tr><th>id</th><th>shot</th><th>stage</th><th>offered</th><th>status</th><th>blame</th><th>reason</th><th>decided</th></tr></thead>
<tbody>${escalations.map(
    (escalation) => html`<tr data-escalation="${escalation.id}">
<td><code>${escalation.id}</code></td><td>${escalation.shotId}</td><td>${escalation.stage}</td>
<td>${escalation.attemptId === null ? "no attempt" : html`<a href="#attempt-${escalation.attemptId}">attempt ${escalation.attemptId}</a>`}</td>
<td><span class="badge ${token(escalation.status)}">${escalation.status}</span></td><td>${escalation.blame ?? ""}</td>
<td>${escalation.reason}</td>
<td>${escalation.decidedBy ? `${escalation.decidedBy}, ${escalation.decidedAt ? formatTime(escalation.decidedAt) : "time unknown"}` : "undecided"}</td></tr>`,
  )}</tbody></table>`;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
