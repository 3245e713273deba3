/** A finding about the bible or a run's inputs: a stable code, what is wrong, and the exact key involved. */
export interface Problem {
  code: string;
  severity: "error" | "warning";
  message: string;
  key?: string;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}
