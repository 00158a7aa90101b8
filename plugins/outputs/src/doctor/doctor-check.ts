/** One line of `pivot doctor`: what was checked, how it went, and what to do about it. */
export interface DoctorCheck {
  /** Short id: `bun`, `project`, `config`, `cache`, `state .pivot`, `remote origin` … */
  name: string;
  status: "ok" | "warn" | "error";
  message: string;
  /** What to do, for warnings and errors. */
  fix?: string;
}

export const ok = (name: string, message: string): DoctorCheck => ({ name, status: "ok", message });
export const warning = (name: string, message: string, fix: string): DoctorCheck => ({ name, status: "warn", message, fix });
export const failure = (name: string, message: string, fix?: string): DoctorCheck => ({ name, status: "error", message, ...(fix ? { fix } : {}) });
