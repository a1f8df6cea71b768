/**
 * A helper message as a panel or plug-in shows it: a sentence with a capital, and commands in quotes rather
 * than the Markdown backticks the command line's messages use (a client shows them raw).
 */
export function clientMessage(message: string): string {
  const quoted = message.replace(/`([^`]*)`/g, '“$1”').replace(/`/g, '');
  // Only a word that opens a sentence: "raid: not reachable" starts with a name, which keeps its case.
  return /^[a-z]+[ ,]/.test(quoted) ? quoted.charAt(0).toUpperCase() + quoted.slice(1) : quoted;
}
