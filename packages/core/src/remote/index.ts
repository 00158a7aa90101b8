// Remote transfers: what @pivot/core exports for commands and remote plugins.
export * from "./remote-errors";
export * from "./retry";
export * from "./object-key";
export * from "./open-remote";
export * from "./transfer-targets";
export * from "./transfer-progress";
export * from "./transfer-report";
export * from "./find-on-remote";
export * from "./push";
export * from "./fetch";
export * from "./pull";
export * from "./remote-status";
export * from "./data-availability";
export * from "./on-demand-pull";
export * from "./remote-config";
export * from "./render-transfer";
export * from "./optional-value";
