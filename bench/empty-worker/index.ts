// The baseline for bundle size and startup time: a Worker with no code to speak of.
export default {
  fetch: () => new Response("ok"),
} satisfies ExportedHandler;
