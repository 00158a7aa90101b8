import { describe, expect, test } from "bun:test";
import { type Manifest, type WorkspacePackage, publishOrder, readWorkspacePackages } from "./pack-packages";

const pkg = (dir: string, manifest: Partial<Manifest>): WorkspacePackage => ({ dir, manifest: { name: dir, version: "1.0.0", ...manifest } });
const names = (packages: WorkspacePackage[]) => packages.map((p) => p.manifest.name);

describe("publishOrder", () => {
  test("puts every package after the workspace packages it depends on, others in folder order", () => {
    const order = publishOrder([
      pkg("app", { dependencies: { "plugin-b": "workspace:*", "plugin-a": "workspace:*", lodash: "4.0.0" } }),
      pkg("core", {}),
      pkg("plugin-a", { dependencies: { core: "workspace:*" } }),
      pkg("plugin-b", { peerDependencies: { core: "workspace:*" } }),
    ]);
    expect(names(order)).toEqual(["core", "plugin-a", "plugin-b", "app"]);
  });

  test("dev dependencies do not constrain the order (a consumer never installs them)", () => {
    expect(names(publishOrder([pkg("a", { devDependencies: { b: "workspace:*" } }), pkg("b", { dependencies: { a: "workspace:*" } })]))).toEqual(["a", "b"]);
  });

  test("a dependency cycle is an error naming it", () => {
    expect(() => publishOrder([pkg("a", { dependencies: { b: "workspace:*" } }), pkg("b", { dependencies: { a: "workspace:*" } })])).toThrow(
      "Dependency cycle between workspace packages: a → b → a",
    );
  });
});

describe("the workspace's packages", () => {
  const packages = readWorkspacePackages();
  const names = new Set(packages.map((p) => p.manifest.name));

  test("are core, the CLI and every plugin, none private", () => {
    expect(names.has("@pivot/core")).toBe(true);
    expect(names.has("@pivot/cli")).toBe(true);
    expect(packages.filter((p) => p.dir.includes("/plugins/")).length).toBe(17);
    expect(packages.filter((p) => p.manifest.private)).toEqual([]);
  });

  test("share one version", () => {
    expect(new Set(packages.map((p) => p.manifest.version))).toEqual(new Set([packages[0]!.manifest.version]));
  });

  test("depend on each other with workspace:* (packed as that exact version)", () => {
    const ranges = packages.flatMap(({ manifest }) =>
      [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies, manifest.devDependencies].flatMap((deps) =>
        Object.entries(deps ?? {}).filter(([name]) => names.has(name)).map(([name, range]) => `${manifest.name} → ${name}@${range}`),
      ),
    );
    expect(ranges.length).toBeGreaterThan(20);
    expect(ranges.filter((range) => !range.endsWith("@workspace:*"))).toEqual([]);
  });

  test("publish core first and the CLI last", () => {
    const order = publishOrder(packages).map((p) => p.manifest.name);
    expect(order[0]).toBe("@pivot/core");
    expect(order.at(-1)).toBe("@pivot/cli");
    expect(order.length).toBe(packages.length);
  });
});
