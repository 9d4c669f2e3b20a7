// The sidebar's start: asks the server who it is and shows it. Every string is set as text, never as HTML.
import { server } from "./server";

async function start(): Promise<void> {
  const version = document.getElementById("version");
  const status = document.getElementById("status");
  const main = document.querySelector("main");
  const info = await server.getAddonInfo();
  if (version) version.textContent = info.ok ? `Version ${info.value.version}` : "";
  if (status) {
    status.textContent = info.ok ? "Not connected to PostHog yet." : info.message;
    status.classList.toggle("error", !info.ok);
  }
  main?.setAttribute("aria-busy", "false");
}

void start();
