/** `--help` notes of push and pull: the remote settings that decide what is written and trusted. */
export const PUSH_TRUST_NOTES = `Run-cache records are written once: a key the remote holds with other outputs is reported, never replaced.
Remote settings (docs/remotes.md, "Trusting a shared run cache"):
  remotes.<name>.readonly: true      push (and gc --remote) refuse to write there
  remotes.<name>.sign_key <path|env:VAR>
                                     sign each run-cache record with this Ed25519 key (else PIVOT_SIGN_KEY)
  remotes.<name>.timeout_ms <ms>     a request silent this long fails (default remote.timeoutMs, 10000)`;

export const PULL_TRUST_NOTES = `Remote settings (docs/remotes.md, "Trusting a shared run cache"):
  remotes.<name>.trust: signed       use only run-cache records signed by verify_key; others are reported and ignored
  remotes.<name>.verify_key <path>   Ed25519 public key(s) (PEM), safe to commit
  remotes.<name>.timeout_ms <ms>     a request silent this long fails (default remote.timeoutMs, 10000)`;
