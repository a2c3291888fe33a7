// Everything the API answered during the suite (status, headers, body), kept for the secret scan.
export interface CapturedResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class CapturedTraffic {
  private readonly responses: CapturedResponse[] = [];
  private bytes = 0;

  record(response: CapturedResponse): void {
    this.responses.push(response);
    this.bytes += response.body.length;
  }

  get count(): number {
    return this.responses.length;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  all(): readonly CapturedResponse[] {
    return this.responses;
  }
}
