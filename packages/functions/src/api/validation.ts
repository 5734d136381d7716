import { VisibleError } from "@promotions/core/error";
import type { z } from "zod";

/** Hands zod's failures to the error mapper, so a 400 lists every failing field. */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError }): void {
  if (!result.success) throw VisibleError.fromZod(result.error);
}
