import { monotonicFactory } from "ulid";

const prefixes = {
  promotion: "prm",
} as const;

const ulid = monotonicFactory();

/** A new id such as `prm_01JD…`: the prefix names the entity, the ULID sorts by creation. */
export function createId(entity: keyof typeof prefixes): string {
  return `${prefixes[entity]}_${ulid()}`;
}

const patterns = Object.fromEntries(
  Object.entries(prefixes).map(([entity, prefix]) => [
    entity,
    new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`),
  ]),
) as Record<keyof typeof prefixes, RegExp>;

export function isId(entity: keyof typeof prefixes, value: string): boolean {
  return patterns[entity].test(value);
}
