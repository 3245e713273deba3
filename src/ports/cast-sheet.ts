/**
 * One image of several characters' turnarounds, each labelled with its id beneath: how a shot's
 * whole cast reaches an image model that handles fewer reference images than the shot has
 * characters, so that no character's reference is ever dropped.
 */
export interface CastSheetCell {
  id: string;
  /** Where this character's turnaround sits in the sheet, in pixels (the label is below it). */
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface CastSheet {
  bytes: Buffer;
  mime: "image/png";
  cells: CastSheetCell[];
}

export interface CastSheetMaker {
  compose(members: { id: string; bytes: Buffer }[]): Promise<CastSheet>;
}
