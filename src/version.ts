/** Tool and rules versions, written into every provenance sheet. */
export const TOOL_VERSION = '0.1.0';
export const RULES_VERSION = '渝财环〔2023〕33号 R1–R10；GB 3838-2002 W1–W4；十四五水土保持规划 S1–S6';
