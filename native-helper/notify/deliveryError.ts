/** A notification not delivered; `lasting` when trying again would meet the same answer (no notifier, a refused login, HTTP 4xx). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly lasting: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
