/**
 * Who may do what, by platform user and channel ids only (display names can be changed by anyone).
 * Pure: the rules are tested without a platform.
 */
export interface AccessRules {
  approvers: readonly string[];
  /** Empty: every channel the bot is in. */
  channels: readonly string[];
}

export function channelAllowed(rules: AccessRules, channel: string): boolean {
  return rules.channels.length === 0 || rules.channels.includes(channel);
}

export function isApprover(rules: AccessRules, user: string): boolean {
  return rules.approvers.includes(user);
}

export function notInChannelNote(rules: AccessRules): string {
  return `continuity only takes commands in ${rules.channels.map((id) => `<#${id}>`).join(", ")}`;
}

export function approversNote(rules: AccessRules, what: string): string {
  if (rules.approvers.length === 0)
    return `nobody may ${what} from chat yet: set CONTINUITY_APPROVERS to the approvers' user ids`;
  return `only approvers may ${what} (${rules.approvers.map((id) => `<@${id}>`).join(", ")})`;
}
