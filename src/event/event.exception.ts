import { AppException } from '#src/common/app.exception.js';

export enum EventErrorCode {
  NotFound = 'EVENT_NOT_FOUND',
  DuplicateCode = 'EVENT_CODE_TAKEN',
  NotOrganizer = 'NOT_ORGANIZER',
  InvalidEvent = 'EVENT_INVALID',
}

export class EventException extends AppException {
  static override notFound(code: string): EventException {
    return new EventException(EventErrorCode.NotFound, `No event has the code "${code}"`, 404);
  }

  static duplicateCode(code: string): EventException {
    return new EventException(
      EventErrorCode.DuplicateCode,
      `The code "${code}" is taken; choose another`,
      409,
    );
  }

  static notOrganizer(): EventException {
    return new EventException(
      EventErrorCode.NotOrganizer,
      'Only the event organizer can do this',
      403,
    );
  }

  static invalid(message: string): EventException {
    return new EventException(EventErrorCode.InvalidEvent, message, 400);
  }
}
