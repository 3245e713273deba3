import type { Shot } from "../../core/manifest.ts";
import type { PanelRequest, ReferenceImage } from "../../ports/image-model.ts";

/**
 * What the image model is told. Each reference image travels with a caption saying what it is
 * and what to take from it: identity and wardrobe are separate (a turnaround shows the face, not
 * this scene's clothes), which is the most common way panels drift off-model.
 */

export function referenceCaption(reference: ReferenceImage, shot: Shot): string {
  switch (reference.role) {
    case "character": {
      const member = shot.characters.find((cast) => cast.id === reference.id);
      const wardrobe = member ? ` In this shot ${reference.id} wears: ${member.wardrobe}.` : "";
      return (
        `Reference image: canonical turnaround of the character "${reference.id}". ` +
        `Copy the face, hair and build exactly; ignore the clothing on the sheet.${wardrobe}`
      );
    }
    case "location":
      return (
        `Reference image: canonical plate of the location "${reference.id}". ` +
        "The panel takes place here: keep its layout, architecture, furniture, lighting and palette."
      );
    case "cast-sheet": {
      const cells = reference.cells ?? [];
      const wardrobe = cells
        .map((cell) => shot.characters.find((cast) => cast.id === cell.id))
        .filter((member) => member !== undefined)
        .map((member) => `${member.id} wears: ${member.wardrobe}`)
        .join("; ");
      return (
        `Reference image: cast sheet of ${cells.length} characters, each one's canonical turnaround with its id written beneath it ` +
        `(left to right, top to bottom: ${cells.map((cell) => `"${cell.id}"`).join(", ")}). ` +
        "For every character copy the face, hair and build exactly from their own turnaround; ignore the clothing on the sheet, " +
        `and do not draw the sheet, its labels or its grid. In this shot ${wardrobe}.`
      );
    }
    case "start-panel":
      return (
        "Reference image: the accepted START panel of this shot. The END panel continues it: " +
        "same characters, wardrobe, location and style, changed only as the end description says."
      );
  }
}

export function panelInstructions(request: PanelRequest): string {
  const { shot, frame } = request;
  const lines: string[] = [];
  lines.push(
    `Draw the ${frame === "end" ? "END" : "START"} storyboard panel of shot ${shot.id} in scene ${request.sceneId}, ` +
      "as a single image consistent with the reference images above.",
  );
  lines.push("");
  if (shot.characters.length === 0) {
    lines.push("Characters: none. The frame shows the location only; draw no people.");
  } else {
    lines.push("Characters in frame (exactly these, nobody else):");
    for (const member of shot.characters) lines.push(`- ${member.id}, wearing ${member.wardrobe}`);
  }
  lines.push(`Location: ${shot.location}, as in its plate.`);
  if (shot.props.length > 0) lines.push(`Key props that must be clearly visible: ${shot.props.join("; ")}.`);
  lines.push(`Camera: ${shot.camera}.`);
  if (frame === "end" && shot.end) {
    lines.push(`This is the last moment of the shot: ${shot.end.description}.`);
  } else {
    lines.push(`The shot's action, of which this is the first moment: ${shot.motion}.`);
  }
  if (request.feedback) {
    lines.push("");
    lines.push(
      `The previous attempt was rejected: ${request.feedback}. Fix this while keeping everything else.`,
    );
  }
  lines.push("");
  lines.push(
    `Framing: full-bleed ${request.width}x${request.height} frame. ` +
      "No text, captions, speech bubbles, borders, panel frames or watermarks.",
  );
  return lines.join("\n");
}
