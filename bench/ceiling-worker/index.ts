// The ceiling for feed serving: a Worker that answers every request with a
// constant JSON body (the bench sets BODY to the real feed's bytes), so the only
// cost left is workerd's own request handling on this machine.
interface CeilingEnv {
  BODY?: string;
}

export default {
  fetch: (_request, env) =>
    new Response(env.BODY ?? '{"ok":true}', {
      headers: { "content-type": "application/feed+json; charset=utf-8" },
    }),
} satisfies ExportedHandler<CeilingEnv>;
