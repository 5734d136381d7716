export * as Promotion from "./promotion";
