/** The first moments: connecting to the helper. */
export function ConnectingView() {
  return (
    <div className="view" data-testid="connecting">
      <sp-body class="muted">Connecting to the Threefold helper…</sp-body>
    </div>
  );
}
