import { AppError } from "../../../core/app-error.ts";

/**
 * The four location plates of the field report, each a flat-colour set in a 1280x720 frame.
 * They differ in layout and palette (warm room, purple van, green swamp, grey cave) so a plate
 * comparison tells them apart. `sky` is where weather shows (the living-room window); `floorY`
 * is where feet stand.
 */
export interface DemoLocation {
  id: string;
  name: string;
  sky: { x: number; y: number; width: number; height: number };
  floorY: number;
  /** Named things a camera may frame ("close-up on the TV"), as points in the 1280x720 frame. */
  anchors: Record<string, [number, number]>;
  svg: string;
}

const rect = (x: number, y: number, w: number, h: number, colour: string, extra = "") =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${colour}" ${extra}/>`;
const poly = (points: string, colour: string) => `<polygon points="${points}" fill="${colour}"/>`;
const circle = (x: number, y: number, r: number, colour: string) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/>`;

const livingRoom = [
  rect(0, 0, 1280, 720, "#e6d2ae"),
  rect(0, 500, 1280, 220, "#9b6b45"),
  rect(0, 492, 1280, 12, "#f3ead9"),
  `<ellipse cx="640" cy="640" rx="420" ry="62" fill="#c46a3c"/>`,
  `<ellipse cx="640" cy="640" rx="360" ry="46" fill="#d98a57"/>`,
  // front door with its window and knob
  rect(40, 180, 140, 320, "#7a4a2a"),
  rect(62, 205, 96, 80, "#d9c7a0"),
  circle(160, 350, 8, "#d8b341"),
  // window onto the night, curtains either side
  rect(250, 100, 230, 230, "#f5efe4"),
  rect(264, 114, 202, 202, "#34507a"),
  rect(358, 114, 14, 202, "#f5efe4"),
  rect(264, 208, 202, 14, "#f5efe4"),
  rect(222, 90, 36, 260, "#8a4f6b"),
  rect(472, 90, 36, 260, "#8a4f6b"),
  // picture over the couch
  rect(560, 150, 150, 100, "#6d8fb3"),
  poly("570,240 620,190 660,225 690,200 700,240", "#56794a"),
  // couch
  rect(420, 370, 380, 90, "#8f9c74", 'rx="18"'),
  rect(410, 440, 400, 70, "#7f8c66", 'rx="14"'),
  rect(396, 400, 40, 110, "#7a8762", 'rx="12"'),
  rect(784, 400, 40, 110, "#7a8762", 'rx="12"'),
  // TV on its stand
  rect(880, 440, 210, 80, "#5a3f2c"),
  rect(890, 300, 190, 128, "#4a4036", 'rx="6"'),
  rect(900, 310, 170, 108, "#23406e"),
  rect(978, 428, 14, 14, "#4a4036"),
  // armchair and a floor lamp
  rect(1110, 380, 150, 80, "#b99a45", 'rx="16"'),
  rect(1100, 440, 170, 80, "#a98a3a", 'rx="12"'),
  rect(1195, 160, 8, 230, "#3b3b3b"),
  poly("1170,160 1228,160 1214,110 1184,110", "#f2e3b3"),
].join("");

const stars = Array.from({ length: 18 }, (_, i) =>
  circle(120 + ((i * 173) % 1040), 60 + ((i * 97) % 170), 3 + (i % 3), "#fff0b8"),
).join("");
const magicMinivan = [
  rect(0, 0, 1280, 720, "#3b2b63"),
  rect(0, 560, 1280, 160, "#4a3f66"),
  rect(80, 40, 340, 230, "#0d1433", 'rx="30"'),
  rect(470, 40, 340, 230, "#0d1433", 'rx="30"'),
  rect(860, 40, 340, 230, "#0d1433", 'rx="30"'),
  stars,
  // dashboard glow and the steering wheel on the left
  rect(0, 300, 220, 120, "#1d1a26", 'rx="20"'),
  rect(20, 320, 180, 24, "#46e0c8", 'rx="10"'),
  `<circle cx="170" cy="300" r="62" fill="none" stroke="#14121a" stroke-width="16"/>`,
  // bench seats
  rect(300, 330, 420, 150, "#e0a33a", 'rx="26"'),
  rect(290, 450, 440, 80, "#c98c2a", 'rx="18"'),
  rect(820, 330, 400, 150, "#e0a33a", 'rx="26"'),
  rect(810, 450, 420, 80, "#c98c2a", 'rx="18"'),
  circle(640, 290, 10, "#ff8ad8"),
  circle(1040, 300, 8, "#7df0ff"),
  circle(470, 300, 7, "#ff8ad8"),
].join("");

const ferns = [140, 300, 980, 1150]
  .map((x) => poly(`${x},600 ${x - 70},470 ${x - 20},520 ${x},420 ${x + 20},520 ${x + 70},470`, "#3e7d35"))
  .join("");
const jurassicSwamp = [
  rect(0, 0, 1280, 720, "#d7e8c4"),
  poly("760,380 900,150 960,150 1100,380", "#7a6a5a"),
  `<ellipse cx="935" cy="120" rx="70" ry="40" fill="#b7b3a8"/>`,
  rect(0, 300, 1280, 120, "#2f5a34"),
  poly("0,300 80,200 160,300 260,190 360,300 470,210 560,300", "#2f5a34"),
  rect(0, 420, 1280, 130, "#4f8072"),
  rect(0, 540, 1280, 180, "#6d5b3c"),
  ferns,
  `<ellipse cx="520" cy="650" rx="34" ry="20" fill="#4a3d28"/>`,
  `<ellipse cx="700" cy="600" rx="34" ry="20" fill="#4a3d28"/>`,
].join("");

const caveHideout = [
  rect(0, 0, 1280, 720, "#5a5356"),
  poly("0,0 1280,0 1280,90 1000,140 760,80 520,150 260,90 0,140", "#443d3b"),
  `<ellipse cx="1140" cy="330" rx="110" ry="170" fill="#a9c6d9"/>`,
  rect(0, 540, 1280, 180, "#6e6052"),
  poly("0,540 180,470 320,540", "#5a4f44"),
  // crates, blankets and the lantern glow
  rect(120, 420, 150, 120, "#8b6a44"),
  rect(280, 460, 110, 80, "#7a5c39"),
  rect(820, 480, 220, 60, "#8e4f7a", 'rx="14"'),
  circle(600, 300, 90, "#7a5a3e"),
  circle(600, 300, 40, "#ffb347"),
  rect(594, 340, 12, 200, "#2c2624"),
].join("");

const LOCATIONS: readonly DemoLocation[] = Object.freeze<DemoLocation[]>([
  {
    id: "living_room",
    name: "family living room",
    sky: { x: 264, y: 114, width: 202, height: 202 },
    anchors: {
      tv: [985, 364],
      door: [110, 340],
      window: [365, 215],
      couch: [610, 440],
      armchair: [1185, 450],
    },
    floorY: 500,
    svg: livingRoom,
  },
  {
    id: "magic_minivan",
    name: "magic minivan",
    sky: { x: 470, y: 40, width: 340, height: 230 },
    anchors: { dashboard: [110, 330], wheel: [170, 300], seats: [760, 420] },
    floorY: 560,
    svg: magicMinivan,
  },
  {
    id: "jurassic_swamp",
    name: "Jurassic swamp",
    sky: { x: 0, y: 0, width: 700, height: 200 },
    anchors: { footprints: [610, 625], volcano: [930, 260], ferns: [220, 520] },
    floorY: 540,
    svg: jurassicSwamp,
  },
  {
    id: "cave_hideout",
    name: "cave hideout",
    sky: { x: 1060, y: 180, width: 160, height: 300 },
    anchors: { lantern: [600, 300], crates: [200, 480], entrance: [1140, 330] },
    floorY: 540,
    svg: caveHideout,
  },
]);

export const PLATE_FRAME = { width: 1280, height: 720 } as const;

export function demoLocations(): readonly DemoLocation[] {
  return LOCATIONS;
}

export function demoLocation(id: string): DemoLocation {
  const found = LOCATIONS.find((l) => l.id === id);
  if (!found)
    throw new AppError("DEMO_LOCATION_UNKNOWN", `the demo bible has no location ${JSON.stringify(id)}`, {
      id,
    });
  return found;
}
