import { Module } from '@nestjs/common';

import { UserController } from '#src/user/user.controller.js';
import { UserRepository } from '#src/user/user.repository.js';
import { UserService } from '#src/user/user.service.js';

@Module({
  controllers: [UserController],
  providers: [UserRepository, UserService],
  exports: [UserRepository],
})
export class UserModule {}
