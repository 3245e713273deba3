import type { Manifest } from "../../../core/manifest.ts";

/**
 * The demo scenes. Scene 1 is the field report's date night, nine shots 1A-1I; scene 2 is a short
 * minivan adventure so Ruben and Jetplane (and every plate) are used by some shot. Characters
 * are listed left to right as they stand in frame.
 */
const MIA = "magenta star top and jeans";
const LEO = "green dinosaur pajamas";
const JENNY = "purple hoodie and black leggings";
const NINA = "red evening dress";
const GABE = "black tuxedo with white shirt and bow tie";

const scene1: Manifest = {
  scene: "scene1",
  title: "Date night",
  shots: [
    {
      id: "1A",
      order: 1,
      characters: [
        { id: "nina", wardrobe: NINA },
        { id: "gabe", wardrobe: GABE },
        { id: "mia", wardrobe: MIA },
        { id: "leo", wardrobe: LEO },
        { id: "jenny", wardrobe: JENNY },
      ],
      location: "living_room",
      props: ["TV", "dinosaur toys on the rug", "lightning at the window", "Jenny's phone"],
      camera: "wide establishing shot; slow cinematic push-in over twelve seconds",
      motion:
        "Mia and Leo shift on the couch in front of the TV, Jenny scrolls her phone by the armchair, Nina and Gabe in date-night formalwear get ready in the background, lightning flashes outside the window, the dinosaur toys hold their positions on the rug",
      duration: 12,
      end: { description: "closer on the kids after the push-in, lightning lighting the window" },
    },
    {
      id: "1B",
      order: 2,
      characters: [{ id: "mia", wardrobe: MIA }],
      location: "living_room",
      props: ["couch"],
      camera: "close-up on Mia",
      motion: "Mia glances toward the window as thunder rolls, her curls bouncing",
      duration: 6,
    },
    {
      id: "1C",
      order: 3,
      characters: [{ id: "leo", wardrobe: LEO }],
      location: "living_room",
      props: ["dinosaur toys on the rug"],
      camera: "medium shot at rug level",
      motion: "Leo marches a toy T-rex across the rug and roars at the others",
      duration: 8,
      end: { description: "Leo has stepped toward the toys, grinning" },
    },
    {
      id: "1D",
      order: 4,
      characters: [{ id: "jenny", wardrobe: JENNY }],
      location: "living_room",
      props: ["Jenny's phone", "armchair"],
      camera: "medium close-up on Jenny",
      motion: "Jenny scrolls her phone, thumbs flicking, then looks up at the kids",
      duration: 6,
    },
    {
      id: "1E",
      order: 5,
      characters: [
        { id: "nina", wardrobe: NINA },
        { id: "mia", wardrobe: MIA },
        { id: "leo", wardrobe: LEO },
        { id: "gabe", wardrobe: GABE },
      ],
      location: "living_room",
      props: ["car keys"],
      camera: "medium wide shot",
      motion: "Nina hugs Mia and Leo goodbye while Gabe jingles the car keys",
      duration: 8,
    },
    {
      id: "1F",
      order: 6,
      characters: [],
      location: "living_room",
      props: ["TV"],
      camera: "close-up on the TV",
      motion: "the cartoon on the TV flickers as lightning brightens the room",
      duration: 4,
    },
    {
      id: "1G",
      order: 7,
      characters: [
        { id: "mia", wardrobe: MIA },
        { id: "leo", wardrobe: LEO },
      ],
      location: "living_room",
      props: ["lightning at the window"],
      camera: "wide on the window, the kids in the foreground",
      motion: "lightning forks across the sky; Mia and Leo jump and grab each other",
      duration: 5,
    },
    {
      id: "1H",
      order: 8,
      characters: [
        { id: "mia", wardrobe: MIA },
        { id: "jenny", wardrobe: JENNY },
        { id: "leo", wardrobe: LEO },
      ],
      location: "living_room",
      props: ["Jenny's phone"],
      camera: "medium shot",
      motion: "Jenny crouches and shows the kids something funny on her phone; they lean in and laugh",
      duration: 7,
    },
    {
      id: "1I",
      order: 9,
      characters: [
        { id: "nina", wardrobe: NINA },
        { id: "gabe", wardrobe: GABE },
      ],
      location: "living_room",
      props: ["front door", "car keys"],
      camera: "medium shot on the front door",
      motion: "Gabe opens the front door and Nina waves back at the kids as they step out into the rain",
      duration: 6,
      end: { description: "Nina and Gabe at the open door, stepping out" },
    },
  ],
};

const scene2: Manifest = {
  scene: "scene2",
  title: "The magic minivan",
  shots: [
    {
      id: "2A",
      order: 1,
      characters: [
        { id: "ruben", wardrobe: "navy jacket over a white tee and khaki trousers" },
        { id: "mia", wardrobe: MIA },
        { id: "leo", wardrobe: LEO },
      ],
      location: "magic_minivan",
      props: ["steering wheel", "glowing dashboard"],
      camera: "wide interior shot",
      motion: "Ruben grips the wheel, the minivan lifts off and the kids bounce in their seats",
      duration: 8,
    },
    {
      id: "2B",
      order: 2,
      characters: [
        { id: "jetplane", wardrobe: "orange flight vest and grey pants" },
        { id: "ruben", wardrobe: "navy jacket over a white tee and khaki trousers" },
      ],
      location: "jurassic_swamp",
      props: ["ferns", "dinosaur footprints"],
      camera: "wide shot",
      motion: "Jetplane swoops low over the swamp while Ruben points at the giant footprints",
      duration: 10,
      end: { description: "Jetplane lands beside Ruben at the water's edge" },
    },
    {
      id: "2C",
      order: 3,
      characters: [
        { id: "mia", wardrobe: MIA },
        { id: "jetplane", wardrobe: "orange flight vest and grey pants" },
        { id: "leo", wardrobe: LEO },
      ],
      location: "cave_hideout",
      props: ["lantern"],
      camera: "medium wide shot",
      motion: "the kids huddle with Jetplane by the lantern as rain drums outside the cave",
      duration: 6,
    },
  ],
};

export function demoManifests(): Manifest[] {
  return [structuredClone(scene1), structuredClone(scene2)];
}
