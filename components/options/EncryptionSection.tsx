/** The settings page's encryption section (passphrase on/off, change, lock). Placeholder until the vault lands. */
export function EncryptionSection() {
  return <section aria-labelledby="encryption-title"><h2 id="encryption-title">Encryption</h2></section>;
}
