/** Where a run's artifacts live in the artifact store (never in the bible). */
export const artifactKeys = {
  attempt: (runId: string, shotId: string, stage: string, number: number, extension: string) =>
    `runs/${runId}/${shotId}/${stage}-${number}.${extension}`,
  extra: (runId: string, shotId: string, stage: string, number: number, name: string) =>
    `runs/${runId}/${shotId}/${stage}-${number}-${name}.png`,
  scene: (runId: string) => `runs/${runId}/scene.mp4`,
};
