// The Hono env every HTTP route shares: the bindings as workerd hands them over
// (unchecked), and the env once checked, which checkedEnv sets for the routes
// that read vars or secrets.
import type { Env, RawEnv } from "../env.ts";

export type AppEnv = { Bindings: RawEnv; Variables: { env: Env } };
