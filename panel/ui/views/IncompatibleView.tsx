export interface IncompatibleViewProps {
  message: string;
}

/** The helper speaks another protocol version: one side must be updated (the message says which). */
export function IncompatibleView({ message }: IncompatibleViewProps) {
  return (
    <div className="view" data-testid="helper-incompatible">
      <sp-heading size="XS">Update needed</sp-heading>
      <sp-body class="error">{message}</sp-body>
    </div>
  );
}
