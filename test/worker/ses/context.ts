// The value test/node/setup/ses-fake.ts provides, typed for the worker suite
// (which cannot see that Node-side file), and small helpers to drive the fake
// over its HTTP control surface from inside workerd.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    sesFakeUrl: string;
  }
}

export interface FakeMessage {
  id: string;
  raw: string;
  from: string | null;
  to: string[];
}

export const sesFakeUrl = () => inject("sesFakeUrl");

export async function fakeMessages(): Promise<FakeMessage[]> {
  return (await fetch(`${sesFakeUrl()}/__fake/messages`)).json();
}

export async function scriptFake(outcomes: string[]): Promise<void> {
  const response = await fetch(`${sesFakeUrl()}/__fake/script`, {
    method: "POST",
    body: JSON.stringify(outcomes),
  });
  if (!response.ok) throw new Error(`scripting the SES fake failed: ${await response.text()}`);
}

export async function clearFake(): Promise<void> {
  await fetch(`${sesFakeUrl()}/__fake/clear`, { method: "POST" });
}
