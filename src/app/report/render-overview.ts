import { formatCents } from "../../core/money.ts";
import { describeOutcome, type GateOutcome } from "../runs/gate-outcome.ts";
import type { EmbeddedImage } from "./embed-images.ts";
import { html, type Markup, token } from "./html.ts";
import { attemptAnchor, formatScore, renderImage } from "./render-attempt.ts";
import type { ReportAttempt, ReportData, ReportShot } from "./report-data.ts";

/** The badge of an outcome: an approved failure gets its own colour, never a pass's or a fail's. */
export function outcomeBadge(outcome: GateOutcome): Markup {
  return html`<span class="badge ${token(outcome.kind)}" title="${describeOutcome(outcome)}">${
    outcome.kind === "accepted-over-failure" ? "accepted over failure" : outcome.kind.replace(/-/g, " ")
  }</span>`;
}

/** A playable clip: the file beside the page, its first keyframe as the poster. */
export function renderVideo(
  href: string | undefined,
  poster: EmbeddedImage | undefined,
  label: string,
): Markup | string {
  if (!href) return "";
  const posterUri = poster && !("error" in poster) ? poster.dataUri : undefined;
  return html`<figure class="clip"><video controls preload="metadata" src="${href}"${
    posterUri ? html` poster="${posterUri}"` : ""
  } aria-label="${label}"></video><figcaption><a href="${href}">${label}</a></figcaption></figure>`;
}

/**
 * The top of the page: the stitched scene to play, then one row per shot with its panel and the
 * first, middle and last keyframe of its clip, so the scene is seen before any detail is read.
 */
export function renderContactSheet(
  data: ReportData,
  images: ReadonlyMap<string, EmbeddedImage>,
  videos: ReadonlyMap<string, string>,
): Markup {
  const sceneKey = data.scene?.artifactKey;
  const firstFrame = data.shots[0]?.sheet.find((image) => image.label === "first");
  const rows = data.shots.map(
    (shot) => html`<tr data-shot="${shot.id}">
<th><a href="#shot-${token(shot.id)}">${shot.id}</a><br><span class="badge ${token(shot.status)}">${shot.status}</span></th>
${shot.sheet.length ? shot.sheet.map((image) => html`<td>${renderImage(image, images.get(image.key))}</td>`) : html`<td class="shot-note">nothing drawn yet</td>`}
</tr>`,
  );
  return html`<section class="box sheet-box" id="contact-sheet">
<h2>contact sheet</h2>
${sceneKey ? renderVideo(videos.get(sceneKey), firstFrame ? images.get(firstFrame.key) : undefined, "stitched scene") : ""}
<table class="sheet"><tbody>${rows}</tbody></table>
</section>`;
}

function chip(attempt: ReportAttempt): Markup {
  const label = `${attempt.stage === "scene" ? "scene" : `${attempt.stage} ${attempt.number}`} · ${formatScore(attempt.score)}`;
  const kind = attempt.outcome.kind === "accepted-over-failure" ? "accepted-over-failure" : attempt.verdict;
  return html`<a class="chip ${token(kind)}${attempt.taken ? " taken" : ""}" href="#${attemptAnchor(attempt)}" title="${describeOutcome(attempt.outcome)}${attempt.taken ? " (taken)" : ""}">${label}</a>`;
}

function shotCost(shot: ReportShot): number {
  return shot.attempts.reduce((sum, attempt) => sum + attempt.cost.micros, 0);
}

/** One line a shot: status with its decision, each attempt, blame and what was decided. */
export function renderOverview(data: ReportData): Markup {
  const rows = data.shots.map(
    (shot) => html`<tr data-shot="${shot.id}">
<td><a href="#shot-${token(shot.id)}"><strong>${shot.id}</strong></a></td>
<td><span class="badge ${token(shot.status)}">${shot.status}</span></td>
<td><div class="chips">${shot.attempts.map(chip)}</div></td>
<td class="num">${formatCents(shotCost(shot))}</td>
<td>${shot.blame ?? ""}</td>
<td class="note">${shot.verdictLine ?? shot.message ?? ""}${shot.escalationId && shot.status === "escalated" ? html` (escalation <code>${shot.escalationId}</code>)` : ""}</td></tr>`,
  );
  const scene = data.scene
    ? html`<tr data-shot="_scene"><td><a href="#scene"><strong>scene</strong></a></td>
<td>${outcomeBadge(data.sceneOutcome)}</td><td><div class="chips">${chip(data.scene)}</div></td>
<td class="num">${formatCents(data.scene.cost.micros)}</td>
<td>${data.scene.blame ?? ""}</td><td class="note">cut-to-cut continuity: ${describeOutcome(data.sceneOutcome)}</td></tr>`
    : "";
  return html`<h2>shots</h2>
<table class="overview"><thead><tr><th>shot</th><th>status</th><th>attempts (lowest score)</th><th class="num">cost</th><th>blame</th><th>decision / note</th></tr></thead>
<tbody>${rows}${scene}</tbody></table>`;
}
