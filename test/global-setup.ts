// Runs once before the suite: builds dist/ so every test exercises the real bundle.
import { buildDist } from "../scripts/build.ts";

export default async function setup(): Promise<void> {
  await buildDist();
}
