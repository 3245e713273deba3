import { formatCents } from "../../core/money.ts";
import { describeOutcome } from "../runs/gate-outcome.ts";
import type { EmbeddedImage } from "./embed-images.ts";
import { html, type Markup, token } from "./html.ts";
import type { ReportAttempt, ReportFailure, ReportImage, ReportValidation, ScoreRow } from "./report-data.ts";

export const formatScore = (score: number | null) => (score === null ? "—" : score.toFixed(2));

export const attemptAnchor = (attempt: Pick<ReportAttempt, "id">) => `attempt-${attempt.id}`;

export function attemptTitle(attempt: Pick<ReportAttempt, "stage" | "number">): string {
  return attempt.stage === "scene" ? "stitched scene" : `${attempt.stage} #${attempt.number}`;
}

function costText(attempt: ReportAttempt): string {
  return attempt.cost.calls === 0
    ? "no paid calls"
    : `${formatCents(attempt.cost.micros)} (${plural(attempt.cost.calls, "call")})`;
}

/** Whether an attempt is on the path the shot took (or waits on a decision): shown open, the rest folded. */
export function onAcceptedPath(attempt: ReportAttempt): boolean {
  return attempt.taken || attempt.verdict === "passed" || attempt.outcome.kind === "awaiting-decision";
}

/**
 * One attempt: what it looked like, whether it passed, why not, what it cost, and every score
 * sheet. A failed attempt the shot did not go on with is folded behind its summary line, so the
 * page shows the accepted path first.
 */
export function renderAttempt(attempt: ReportAttempt, images: ReadonlyMap<string, EmbeddedImage>): Markup {
  const card = renderCard(attempt, images);
  if (onAcceptedPath(attempt)) return card;
  const first = attempt.failures[0];
  return html`<details class="fold" data-attempt="${attempt.id}"><summary><span class="badge ${token(attempt.verdict)}">${attempt.verdict}</span> ${attemptTitle(attempt)} · lowest ${formatScore(attempt.score)}${
    first ? ` · ${first.criterion}${first.subject ? ` (${first.subject})` : ""}: ${first.reason}` : ""
  } · ${costText(attempt)}</summary>${card}</details>`;
}

function renderCard(attempt: ReportAttempt, images: ReadonlyMap<string, EmbeddedImage>): Markup {
  const verdict = token(attempt.verdict);
  const cost = costText(attempt);
  const decided = attempt.outcome.kind === "accepted-over-failure" || attempt.outcome.kind === "rejected";
  return html`<article class="attempt ${verdict}${attempt.taken ? " taken" : ""}" id="${attemptAnchor(attempt)}" data-stage="${attempt.stage}" data-verdict="${attempt.verdict}" data-outcome="${attempt.outcome.kind}"${attempt.taken ? html` data-taken="true"` : ""}>
<header>
  <span class="badge ${verdict}">${attempt.verdict}</span>
  ${attempt.taken ? html`<span class="badge taken">taken</span>` : ""}
  <h3>${attemptTitle(attempt)}</h3>
  <span>lowest score <strong>${formatScore(attempt.score)}</strong></span>
  ${attempt.blame ? html`<span>blame <strong>${attempt.blame}</strong></span>` : ""}
  <span class="meta">cost ${cost}${attempt.cost.open ? html` <span class="badge open">open</span>` : ""}</span>
  <span class="meta">${attempt.source}</span>
</header>
${decided ? html`<p class="decision ${token(attempt.outcome.kind)}">${describeOutcome(attempt.outcome)}${"decision" in attempt.outcome ? html` (escalation <code>${attempt.outcome.decision.escalationId}</code>)` : ""}</p>` : ""}
${attempt.offeredBy ? html`<p class="offered">offered for a decision by escalation <code>${attempt.offeredBy.escalationId}</code>: ${attempt.offeredBy.why}</p>` : ""}
${attempt.images.length ? html`<div class="media">${attempt.images.map((image) => renderImage(image, images.get(image.key)))}</div>` : ""}
${renderFailures(attempt.failures)}
${renderValidations(attempt)}
${attempt.artifactKey ? html`<p class="key">artifact <code>${attempt.artifactKey}</code></p>` : ""}
</article>`;
}

/**
 * The score tables. A passed attempt whose every table passed folds them behind one line: on the
 * accepted path the pictures matter first, and nothing there needs reading unless asked for.
 */
function renderValidations(attempt: ReportAttempt): Markup | string {
  if (attempt.validations.length === 0) return "";
  const tables = html`<div class="validations">${attempt.validations.map(renderValidation)}</div>`;
  const allPassed = attempt.validations.every((validation) => validation.passed);
  if (attempt.verdict !== "passed" || !allPassed) return tables;
  return html`<details class="tables"><summary>${plural(attempt.validations.length, "score table")}, all passed</summary>${tables}</details>`;
}

export function renderImage(image: ReportImage, embedded: EmbeddedImage | undefined): Markup {
  const caption = html`<figcaption>${image.label}</figcaption>`;
  if (!embedded || "error" in embedded) {
    const why = embedded && "error" in embedded ? embedded.error : "not read";
    return html`<figure class="${image.size}"><div class="missing">missing image <code>${image.key}</code>: ${why}</div>${caption}</figure>`;
  }
  return html`<figure class="${image.size}"><img src="${embedded.dataUri}" width="${embedded.width}" height="${embedded.height}" alt="${image.label}" title="${image.key}">${caption}</figure>`;
}

function renderFailures(failures: readonly ReportFailure[]): Markup | string {
  if (failures.length === 0) return "";
  return html`<ul class="failures">${failures.map(
    (failure) =>
      html`<li><strong>${failure.criterion}${failure.subject ? ` (${failure.subject})` : ""}</strong> ${formatScore(failure.score)}${
        failure.threshold !== null ? ` < ${failure.threshold.toFixed(2)}` : ""
      }: ${failure.reason}</li>`,
  )}</ul>`;
}

export function renderValidation(validation: ReportValidation): Markup {
  const outcome = validation.passed ? "passed" : "failed";
  const ungated = validation.rows.some((row) => !row.gated)
    ? html`<span class="note">greyed criteria do not decide this gate</span>`
    : "";
  const caption = html`<caption>${validation.tier} · ${validation.subject}<span class="badge ${outcome}">${outcome}</span>${ungated}</caption>`;
  if (validation.unreadable !== null) {
    return html`<table class="scores" data-validation="${validation.id}" data-tier="${validation.tier}">${caption}
<tbody><tr><td><pre class="raw">${validation.unreadable}</pre></td></tr></tbody></table>`;
  }
  return html`<table class="scores" data-validation="${validation.id}" data-tier="${validation.tier}" data-subject="${validation.subject}">${caption}
<thead><tr><th>criterion</th><th>subject</th><th class="num">score</th><th class="num">min</th><th>reason</th></tr></thead>
<tbody>${validation.rows.map(renderScoreRow)}</tbody></table>`;
}

function renderScoreRow(row: ScoreRow): Markup {
  const kind = row.failed ? "fail" : row.score === null ? "unmeasured" : row.gated ? "ok" : "ungated";
  return html`<tr class="${kind}" data-criterion="${row.criterion}" data-subject="${row.subject ?? ""}" data-decisive="${String(row.decisive)}">
<td>${row.criterion}</td><td>${row.subject ?? ""}</td><td class="num">${formatScore(row.score)}</td><td class="num">${formatScore(row.threshold)}</td><td>${row.decisive ? "" : "(advisory) "}${row.reason}</td></tr>`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
