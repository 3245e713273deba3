import { AppError } from "../../../core/app-error.ts";

/**
 * The seven characters of the field report as the offline studio draws them. Each differs from
 * the others in hair colour and shape, skin and build, so a pixel judge can tell them apart the
 * way a person tells them apart on a turnaround sheet. This table is only for drawing the demo
 * bible: the generator and the judge read the turnaround images, never this table.
 */
export type HairStyle =
  | "curly-cloud"
  | "short-tufts"
  | "ponytail"
  | "long-straight"
  | "short-neat"
  | "short-curly"
  | "jet-crest"
  /** Not worn by anyone in the demo: the off-model Mia of the field report (a tight bun). */
  | "tight-bun";

export interface CharacterDesign {
  id: string;
  name: string;
  description: string;
  kind: "human" | "toy";
  hair: string;
  hairStyle: HairStyle;
  skin: string;
  eyes: string;
  /** Standing height as a fraction of the tallest character (sheets share one scale). */
  height: number;
  /** Width across the shoulders and arms as a fraction of the character's own height. */
  build: number;
  /** Head height (crown to chin) as a fraction of the character's own height: children have big heads. */
  head: number;
}

export const DEMO_CAST: readonly CharacterDesign[] = Object.freeze([
  {
    id: "mia",
    name: "Mia",
    description: "older child, about eight; voluminous curly dark hair worn down",
    kind: "human",
    hair: "#3b2214",
    hairStyle: "curly-cloud",
    skin: "#b07850",
    eyes: "#2a1a10",
    height: 0.64,
    build: 0.3,
    head: 0.2,
  },
  {
    id: "leo",
    name: "Leo",
    description: "Mia's younger brother, about five; short tousled ginger hair",
    kind: "human",
    hair: "#d0701c",
    hairStyle: "short-tufts",
    skin: "#b07850",
    eyes: "#2a1a10",
    height: 0.52,
    build: 0.36,
    head: 0.23,
  },
  {
    id: "jenny",
    name: "Jenny",
    description: "teenage babysitter; blonde ponytail, tall and slim",
    kind: "human",
    hair: "#e8c35c",
    hairStyle: "ponytail",
    skin: "#f1c9a8",
    eyes: "#3a5a8a",
    height: 0.87,
    build: 0.22,
    head: 0.155,
  },
  {
    id: "nina",
    name: "Nina",
    description: "the mother; long straight black hair",
    kind: "human",
    hair: "#141212",
    hairStyle: "long-straight",
    skin: "#9c6644",
    eyes: "#21150d",
    height: 0.92,
    build: 0.235,
    head: 0.145,
  },
  {
    id: "gabe",
    name: "Gabe",
    description: "the father; short neat salt-and-pepper grey hair, broad shoulders",
    kind: "human",
    hair: "#8c8a86",
    hairStyle: "short-neat",
    skin: "#e2b08c",
    eyes: "#3b2a1c",
    height: 1,
    build: 0.3,
    head: 0.14,
  },
  {
    id: "ruben",
    name: "Ruben",
    description: "the family's friend who drives the magic minivan; short curly white hair, stocky",
    kind: "human",
    hair: "#f0eee8",
    hairStyle: "short-curly",
    skin: "#5e3a26",
    eyes: "#1a0f08",
    height: 0.95,
    build: 0.36,
    head: 0.15,
  },
  {
    id: "jetplane",
    name: "Jetplane",
    description: "a toy jet come to life: red helmet crest, silver-blue body, wings for arms",
    kind: "toy",
    hair: "#d42a2a",
    hairStyle: "jet-crest",
    skin: "#7fa3c8",
    eyes: "#14213d",
    height: 0.48,
    build: 0.62,
    head: 0.28,
  },
]);

export function demoCharacter(id: string): CharacterDesign {
  const found = DEMO_CAST.find((c) => c.id === id);
  if (!found)
    throw new AppError("DEMO_CHARACTER_UNKNOWN", `the demo cast has no character ${JSON.stringify(id)}`, {
      id,
    });
  return found;
}
