/**
 * A worker that takes a local video job and is then killed mid-render by the test that spawned
 * it: the crash-recovery case, in a real separate process.
 * Usage: node --import tsx start-local-render.ts <ffmpegPath> <stateDir> <clientRequestId> <startPanelFile>
 */
import { readFile } from "node:fs/promises";
import { createLocalVideoModel } from "../../../src/adapters/offline-studio/local-video-model.ts";

const [ffmpegPath, stateDir, clientRequestId, startPanelFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const model = createLocalVideoModel({ ffmpegPath, stateDir, seed: 7, faultRate: 0 });
const { operationId } = await model.start({
  sceneId: "scene1",
  shot: {
    id: "1A",
    order: 1,
    characters: [],
    location: "kitchen",
    props: [],
    camera: "push in",
    motion: "slow",
    duration: 20,
  },
  startPanel: { bytes: await readFile(startPanelFile), mime: "image/png" },
  prompt: "slow push in",
  durationSeconds: 20,
  width: 320,
  height: 180,
  clientRequestId,
  attempt: 1,
  signal: new AbortController().signal,
});
process.stdout.write(`${operationId}\n`);
// Keep rendering until killed.
setInterval(() => {}, 1000);
