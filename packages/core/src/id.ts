import { monotonicFactory } from "ulid";

const prefixes = {
  promotion: "prm",
} as const;

const ulid = monotonicFactory();

/** A new id such as `prm_01JD…`: the prefix names the entity, the ULID sorts by creation. */
export function createId(entity: keyof typeof prefixes): string {
  return `${prefixes[entity]}_${ulid()}`;
}

export function isId(entity: keyof typeof prefixes, value: string): boolean {
  return new RegExp(`^${prefixes[entity]}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}
