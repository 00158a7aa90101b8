/** The path of an executable found on PATH, or an error saying how to install it. */
export function requireExecutable(name: string, debianPackage = name): string {
  const path = Bun.which(name);
  if (!path) throw new Error(`${name} not found on PATH — install it with apt-get install ${debianPackage}`);
  return path;
}
