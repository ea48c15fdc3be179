import { Logger } from '@nestjs/common';

// Unit tests build classes outside an app, so Nest's console logger would print their logs.
Logger.overrideLogger(['error']);
